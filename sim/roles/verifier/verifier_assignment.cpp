// The verifier assignment (see verifier_assignment.hpp).
#include "sim/roles/verifier/verifier_assignment.hpp"

namespace opgsim::engine {

VerifierAssignment::VerifierAssignment(const Scenario& s)
    : policy_(policy::make_verifier_policy(s.roles.verifier.policy)),
      views_(s.roles.verifier.count),
      transit_s_(s.roles.verifier.count, 0.0),
      rng_(Rng::stream(s.seed, "verifier.assignment")) {
  for (auto& v : views_) v.cores = s.roles.verifier.cores;
}

std::int64_t VerifierAssignment::assign(double core_s) {
  const std::int64_t v = policy_->decide(policy::VerifierSnapshot{views_}, rng_);
  if (v < 0) return v;
  const auto k = static_cast<std::uint32_t>(v);
  transit_s_[k] += core_s;
  views_[k].queued_core_s += core_s;
  return v;
}

void VerifierAssignment::publish(std::uint32_t v, std::uint32_t busy_cores, double queued_core_s, bool reachable) {
  policy::VerifierView& view = views_[v];
  view.busy_cores = busy_cores;
  view.queued_core_s = queued_core_s + transit_s_[v];
  view.up = reachable;
}

bool VerifierAssignment::any_available() const {
  for (const policy::VerifierView& v : views_)
    if (v.up && v.cores > 0) return true;
  return false;
}

}  // namespace opgsim::engine
