// power_of_two: two distinct random up nodes, the one with fewer outstanding (tie: the first
// drawn). O(1) expected while most nodes are up; the exact fallback when draws keep hitting down
// nodes is O(log n) through the router's index.
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

class PowerOfTwoPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng& rng) override {
    const std::int64_t a = random_up(s.nodes, rng, -1, s.index);
    if (a == kNoNodeUp) return kNoNodeUp;
    const std::int64_t b = random_up(s.nodes, rng, a, s.index);
    if (b == kNoNodeUp) return a;  // the only node up
    return s.nodes[static_cast<std::size_t>(b)].outstanding <
                   s.nodes[static_cast<std::size_t>(a)].outstanding
               ? b
               : a;
  }
  std::optional<IndexKey> index_key() const override { return IndexKey::Outstanding; }
};

}  // namespace

std::unique_ptr<RouterPolicy> make_power_of_two(const ParamValues&) { return std::make_unique<PowerOfTwoPolicy>(); }

}  // namespace opgsim::policy
