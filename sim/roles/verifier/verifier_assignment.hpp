// Which verifier checks a proof: the assignment policy (scenario `roles.verifier.policy`,
// models/policy/verifier_assignment.hpp) decides on the views it keeps of the verifiers. A view
// is what the verifier last published (busy cores, queued core-seconds, up) plus the work sent
// to it and not yet there, which only the sending side knows. No SimGrid: World calls it when it
// sends a proof, when a verifier publishes, and when reachability changes.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/common/rng.hpp"
#include "models/policy/verifier_assignment.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

class VerifierAssignment {
public:
  explicit VerifierAssignment(const Scenario& s);

  // The verifier for a check of `core_s` core-seconds, its view updated as if sent; -1: none can
  // take it now (the caller holds it).
  std::int64_t assign(double core_s);
  // The check of `core_s` reached verifier v: no longer in transit.
  void received(std::uint32_t v, double core_s) { transit_s_[v] -= core_s; }
  // Verifier v published its state (reachable: up and its region not cut off).
  void publish(std::uint32_t v, std::uint32_t busy_cores, double queued_core_s, bool reachable);
  void set_reachable(std::uint32_t v, bool reachable) { views_[v].up = reachable; }
  // Some verifier is up, reachable and has cores.
  bool any_available() const;

private:
  std::unique_ptr<policy::VerifierPolicy> policy_;
  std::vector<policy::VerifierView> views_;
  std::vector<double> transit_s_;  // core-seconds sent to each verifier, not yet there
  Rng rng_;
};

}  // namespace opgsim::engine
