// The verifier role: one actor per verifier node. Proofs and attestations come here after the
// result's blob is stored; the node checks one per core at a time, FIFO (verify_core_s of core
// time each, models/proof), rejects a wrong result with its mode's detection probability, and
// passes the request on to settlement. It reports its load to the world so the assignment
// policy (models/policy/verifier_assignment.hpp) sees it. A crash sends its queued and running
// checks back to assignment; none of them ends for it.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/rng.hpp"
#include "models/faults/fault_timeline.hpp"
#include "models/service/core_pool.hpp"
#include "sim/engine/world.hpp"
#include "sim/roles/verifier/verify_sender.hpp"

namespace opgsim::engine {

class VerifierNode {
public:
  VerifierNode(World& world, std::uint32_t index, faults::FaultTimeline faults);
  void operator()();

  void crash(double now);
  void recover();
  void set_slowdown(double factor, double now) { pool_.set_speed_factor(factor, now); }
  // Proofs queued or being checked here.
  std::size_t backlog() const { return pool_.in_system(); }
  double busy_core_integral(double now) const { return pool_.busy_integral(now); }

private:
  void accept(Request* r, double now);
  void finish_due(double now);
  void report();
  RoleDirectory& directory() const { return world_.directory(faults::Role::Verifier); }
  int region() const { return directory().region(index_); }

  World& world_;
  VerifySender& sender_;  // the assignment: this node tells it what reached it and its state
  std::uint32_t index_;
  service::CorePool pool_;
  Rng detect_rng_;
  std::vector<std::uint32_t> done_;
  faults::FaultTimeline faults_;  // this node's own crashes, recoveries and slow spells
};

}  // namespace opgsim::engine
