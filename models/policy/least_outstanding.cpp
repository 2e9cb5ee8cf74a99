// least_outstanding: fewest outstanding requests; ties go to the first tied node at or after a
// start index that moves past each chosen node, so equal nodes share load evenly. O(n).
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

class LeastOutstandingPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng&) override { return scan_.scan(s.nodes, false).node; }

private:
  MinOutstandingScan scan_;
};

}  // namespace

std::unique_ptr<RouterPolicy> make_least_outstanding(const ParamValues&) {
  return std::make_unique<LeastOutstandingPolicy>();
}

}  // namespace opgsim::policy
