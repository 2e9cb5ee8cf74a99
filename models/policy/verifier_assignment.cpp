// The three verifier assignment policies. Each decide() is O(n) at worst and allocates nothing;
// random is O(1) expected while most verifiers are eligible (bounded rejection sampling, then an
// exact scan, so the result is uniform over eligible verifiers either way).
#include "models/policy/verifier_assignment.hpp"

#include <cstddef>
#include <limits>

namespace opgsim::policy {

namespace {

using Views = std::span<const VerifierView>;

bool eligible(const VerifierView& v) { return v.up && v.cores > 0; }

// Rejection tries before scanning: with half the verifiers down, 8 tries all fail 0.4 % of the time.
constexpr int kTries = 8;

class RandomPolicy final : public VerifierPolicy {
public:
  std::int64_t decide(const VerifierSnapshot& s, Rng& rng) override {
    const Views vs = s.verifiers;
    const std::size_t n = vs.size();
    if (n == 0) return kNoVerifierUp;
    for (int i = 0; i < kTries; ++i) {
      const std::size_t k = rng.below(n);
      if (eligible(vs[k])) return static_cast<std::int64_t>(k);
    }
    std::uint64_t count = 0;
    for (const auto& v : vs)
      if (eligible(v)) ++count;
    if (count == 0) return kNoVerifierUp;
    std::uint64_t pick = rng.below(count);
    for (std::size_t k = 0; k < n; ++k)
      if (eligible(vs[k]) && pick-- == 0) return static_cast<std::int64_t>(k);
    return kNoVerifierUp;  // unreachable
  }
};

class RoundRobinPolicy final : public VerifierPolicy {
public:
  std::int64_t decide(const VerifierSnapshot& s, Rng&) override {
    const std::size_t n = s.verifiers.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = (cursor_ + i) % n;
      if (eligible(s.verifiers[k])) {
        cursor_ = (k + 1) % n;
        return static_cast<std::int64_t>(k);
      }
    }
    return kNoVerifierUp;
  }

private:
  std::size_t cursor_ = 0;  // the verifier to try first next time
};

class LeastLoadedPolicy final : public VerifierPolicy {
public:
  std::int64_t decide(const VerifierSnapshot& s, Rng&) override {
    const Views vs = s.verifiers;
    const std::size_t n = vs.size();
    std::int64_t best = kNoVerifierUp;
    double best_wait = 0;
    bool best_idle = false;
    // Scanning from a rotating start and keeping the first strict improvement spreads ties
    // evenly: an idle pool is filled round-robin instead of piling onto verifier 0. A verifier
    // with an idle core and nothing queued cannot be beaten, so the scan stops there.
    auto visit = [&](std::size_t k) {
      const VerifierView& v = vs[k];
      if (!eligible(v)) return false;
      const double w = expected_wait(v);
      const bool idle = v.busy_cores < v.cores;
      if (best == kNoVerifierUp || w < best_wait || (w == best_wait && idle && !best_idle)) {
        best = static_cast<std::int64_t>(k);
        best_wait = w;
        best_idle = idle;
      }
      return best_wait == 0 && best_idle;
    };
    const std::size_t start = start_ < n ? start_ : 0;
    bool done = false;
    for (std::size_t k = start; k < n && !done; ++k) done = visit(k);
    for (std::size_t k = 0; k < start && !done; ++k) done = visit(k);
    if (best != kNoVerifierUp) start_ = (static_cast<std::size_t>(best) + 1) % n;
    return best;
  }

private:
  std::size_t start_ = 0;
};

}  // namespace

double expected_wait(const VerifierView& v) {
  if (!eligible(v)) return std::numeric_limits<double>::infinity();
  return v.queued_core_s / static_cast<double>(v.cores);
}

std::unique_ptr<VerifierPolicy> make_verifier_policy(VerifierPolicyType type) {
  switch (type) {
    case VerifierPolicyType::LeastLoaded: return std::make_unique<LeastLoadedPolicy>();
    case VerifierPolicyType::Random: return std::make_unique<RandomPolicy>();
    case VerifierPolicyType::RoundRobin: return std::make_unique<RoundRobinPolicy>();
  }
  return nullptr;
}

const char* to_string(VerifierPolicyType type) { return name_of(kVerifierPolicyNames, type); }

std::optional<VerifierPolicyType> verifier_policy_from_string(std::string_view name) {
  return parse_name(kVerifierPolicyNames, name);
}

}  // namespace opgsim::policy
