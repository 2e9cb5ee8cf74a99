// The six router policies. Each decide() is O(n) at worst and allocates nothing; random and
// power_of_two are O(1) expected while most nodes are up (bounded rejection sampling, then an
// exact scan as fallback, so the result is uniform over up nodes either way). stake_weighted is
// two O(n) scans (total weight, then the inverse CDF) with one uniform draw.
#include "models/policy/router_policy.hpp"

#include <cstddef>
#include <limits>

namespace opgsim::policy {

namespace {

using Nodes = std::span<const NodeView>;

// Rejection tries before scanning: with half the nodes down, 8 tries all fail 0.4% of the time.
constexpr int kTries = 8;

// A node drawn uniformly among up nodes other than `exclude` (-1: none), or kNoNodeUp.
std::int64_t random_up(Nodes nodes, Rng& rng, std::int64_t exclude) {
  const std::size_t n = nodes.size();
  if (n == 0) return kNoNodeUp;
  for (int i = 0; i < kTries; ++i) {
    const auto k = static_cast<std::int64_t>(rng.below(n));
    if (k != exclude && nodes[static_cast<std::size_t>(k)].up) return k;
  }
  std::uint64_t eligible = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (nodes[k].up && static_cast<std::int64_t>(k) != exclude) ++eligible;
  if (eligible == 0) return kNoNodeUp;
  std::uint64_t pick = rng.below(eligible);
  for (std::size_t k = 0; k < n; ++k) {
    if (!nodes[k].up || static_cast<std::int64_t>(k) == exclude) continue;
    if (pick-- == 0) return static_cast<std::int64_t>(k);
  }
  return kNoNodeUp;  // unreachable
}

class RandomPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng& rng) override { return random_up(s.nodes, rng, -1); }
};

class RoundRobinPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng&) override {
    const std::size_t n = s.nodes.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = (cursor_ + i) % n;
      if (s.nodes[k].up) {
        cursor_ = (k + 1) % n;
        return static_cast<std::int64_t>(k);
      }
    }
    return kNoNodeUp;
  }

private:
  std::size_t cursor_ = 0;  // the node to try first next time
};

// Scans all up nodes from a rotating start and keeps the first one with the fewest outstanding
// requests (optionally only nodes with a free slot). Rotating the start, instead of always
// preferring the lowest index, spreads ties evenly: an idle cluster is filled round-robin and
// low-index nodes are not busier than the others.
class MinOutstandingScan {
public:
  struct Result {
    std::int64_t node = kNoNodeUp;
    bool any_up = false;
  };
  Result scan(Nodes nodes, bool need_free_slot) {
    const std::size_t n = nodes.size();
    Result r;
    std::uint32_t best = 0;
    // Two plain loops instead of one with (start + i) % n: the division per node was the
    // router's main cost at 1,000 nodes. A node with nothing outstanding cannot be beaten, so
    // the scan stops at the first one (the same node the full scan would keep).
    auto visit = [&](std::size_t k) {
      const NodeView& v = nodes[k];
      if (!v.up) return false;
      r.any_up = true;
      if (need_free_slot && v.outstanding >= v.slots) return false;
      if (r.node == kNoNodeUp || v.outstanding < best) {
        r.node = static_cast<std::int64_t>(k);
        best = v.outstanding;
      }
      return best == 0;
    };
    const std::size_t start = start_ < n ? start_ : 0;
    bool done = false;
    for (std::size_t k = start; k < n && !done; ++k) done = visit(k);
    for (std::size_t k = 0; k < start && !done; ++k) done = visit(k);
    if (r.node != kNoNodeUp) start_ = (static_cast<std::size_t>(r.node) + 1) % n;
    return r;
  }

private:
  std::size_t start_ = 0;
};

class LeastOutstandingPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng&) override { return scan_.scan(s.nodes, false).node; }

private:
  MinOutstandingScan scan_;
};

class PowerOfTwoPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng& rng) override {
    const std::int64_t a = random_up(s.nodes, rng, -1);
    if (a == kNoNodeUp) return kNoNodeUp;
    const std::int64_t b = random_up(s.nodes, rng, a);
    if (b == kNoNodeUp) return a;  // the only node up
    return s.nodes[static_cast<std::size_t>(b)].outstanding <
                   s.nodes[static_cast<std::size_t>(a)].outstanding
               ? b
               : a;
  }
};

class CentralQueuePolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng&) override {
    const auto r = scan_.scan(s.nodes, true);
    if (r.node != kNoNodeUp) return r.node;
    return r.any_up ? kQueueCentrally : kNoNodeUp;
  }
  bool queues_centrally() const override { return true; }

private:
  MinOutstandingScan scan_;
};

// Weights that count: finite and > 0 (0, negative and NaN never win).
bool counts(const NodeView& v) { return v.up && v.weight > 0 && v.weight <= std::numeric_limits<double>::max(); }

class StakeWeightedPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng& rng) override {
    double total = 0;
    for (const NodeView& v : s.nodes)
      if (counts(v)) total += v.weight;
    if (!(total > 0) || total > std::numeric_limits<double>::max()) return random_up(s.nodes, rng, -1);
    const double u = rng.uniform01() * total;
    double acc = 0;
    std::int64_t last = kNoNodeUp;
    for (std::size_t k = 0; k < s.nodes.size(); ++k) {
      if (!counts(s.nodes[k])) continue;
      acc += s.nodes[k].weight;
      last = static_cast<std::int64_t>(k);
      if (u < acc) return last;
    }
    return last;  // u rounded up to the total: the last eligible node
  }
};

}  // namespace

std::unique_ptr<RouterPolicy> make_router_policy(RouterPolicyType type) {
  switch (type) {
    case RouterPolicyType::Random: return std::make_unique<RandomPolicy>();
    case RouterPolicyType::RoundRobin: return std::make_unique<RoundRobinPolicy>();
    case RouterPolicyType::LeastOutstanding: return std::make_unique<LeastOutstandingPolicy>();
    case RouterPolicyType::PowerOfTwo: return std::make_unique<PowerOfTwoPolicy>();
    case RouterPolicyType::CentralQueue: return std::make_unique<CentralQueuePolicy>();
    case RouterPolicyType::StakeWeighted: return std::make_unique<StakeWeightedPolicy>();
  }
  return nullptr;
}

const char* to_string(RouterPolicyType type) { return name_of(kRouterPolicyNames, type); }

std::optional<RouterPolicyType> router_policy_from_string(std::string_view name) {
  return parse_name(kRouterPolicyNames, name);
}

}  // namespace opgsim::policy
