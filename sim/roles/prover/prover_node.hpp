// The prover role: one actor per prover node. With proof.placement "provers", an inference
// node hands each zkml / zk_crv result over as soon as its inference is done; the prover node
// makes `roles.prover.provers` proofs at a time, FIFO beyond (prove_s x speed_factor each), then
// sends the result to its client and starts its background stages, as an inference node does
// with its own provers. A crash hands its queued and running proofs to another prover node,
// which starts them over (held while none is up): nothing is lost.
#pragma once

#include <cstdint>
#include <vector>

#include "models/faults/fault_timeline.hpp"
#include "models/service/core_pool.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class ProverNode {
public:
  ProverNode(World& world, std::uint32_t index, faults::FaultTimeline faults);
  void operator()();

  void crash(double now);
  void recover();
  void set_slowdown(double factor, double now) { pool_.set_speed_factor(factor, now); }
  std::size_t backlog() const { return pool_.in_system(); }

private:
  void accept(Request* r, double now);
  void finish_due(double now);
  RoleDirectory& directory() const { return world_.directory(faults::Role::Prover); }
  int region() const { return directory().region(index_); }

  World& world_;
  std::uint32_t index_;
  service::CorePool pool_;
  std::vector<std::uint32_t> done_;
  faults::FaultTimeline faults_;  // this node's own crashes, recoveries and slow spells
};

}  // namespace opgsim::engine
