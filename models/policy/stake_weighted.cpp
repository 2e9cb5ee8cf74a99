// stake_weighted: an up node with probability proportional to its weight (weight 0, negative or
// NaN: never); uniform among up nodes when no up node has a positive weight. Two O(n) scans
// (total weight, then the inverse CDF) with one uniform draw.
#include <limits>

#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

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

std::unique_ptr<RouterPolicy> make_stake_weighted(const ParamValues&) { return std::make_unique<StakeWeightedPolicy>(); }

}  // namespace opgsim::policy
