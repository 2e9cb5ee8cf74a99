// least_outstanding: fewest outstanding requests; ties go to the first tied node at or after a
// start index that moves past each chosen node, so equal nodes share load evenly. O(log n)
// through the router's index (O(n) scanning a bare table, the same pick).
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

class LeastOutstandingPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng&) override { return scan_.pick(s, false).node; }
  std::optional<IndexKey> index_key() const override { return IndexKey::Outstanding; }

private:
  MinOutstandingScan scan_;
};

}  // namespace

std::unique_ptr<RouterPolicy> make_least_outstanding(const ParamValues&) {
  return std::make_unique<LeastOutstandingPolicy>();
}

}  // namespace opgsim::policy
