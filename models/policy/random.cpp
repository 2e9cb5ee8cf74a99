// random: uniform among up nodes, O(1) expected.
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

class RandomPolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng& rng) override { return random_up(s.nodes, rng, -1, s.index); }
  std::optional<IndexKey> index_key() const override { return IndexKey::Outstanding; }
};

}  // namespace

std::unique_ptr<RouterPolicy> make_random(const ParamValues&) { return std::make_unique<RandomPolicy>(); }

}  // namespace opgsim::policy
