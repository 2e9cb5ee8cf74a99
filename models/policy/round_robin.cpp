// round_robin: cycles through node indices, skipping down nodes.
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

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

}  // namespace

std::unique_ptr<RouterPolicy> make_round_robin(const ParamValues&) { return std::make_unique<RoundRobinPolicy>(); }

}  // namespace opgsim::policy
