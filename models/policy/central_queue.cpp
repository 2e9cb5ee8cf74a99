// central_queue: requests wait in one FIFO at the router and nodes with a free slot pull
// (M/M/c). decide() picks, among up nodes with outstanding < slots, the fewest outstanding (ties
// as least_outstanding), else kQueueCentrally. O(log n) through the router's index.
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {
namespace {

class CentralQueuePolicy final : public RouterPolicy {
public:
  std::int64_t decide(const RouterSnapshot& s, Rng&) override {
    const auto r = scan_.pick(s, true);
    if (r.node != kNoNodeUp) return r.node;
    return r.any_up ? kQueueCentrally : kNoNodeUp;
  }
  bool queues_centrally() const override { return true; }
  std::optional<IndexKey> index_key() const override { return IndexKey::FreeSlot; }

private:
  MinOutstandingScan scan_;
};

}  // namespace

std::unique_ptr<RouterPolicy> make_central_queue(const ParamValues&) { return std::make_unique<CentralQueuePolicy>(); }

}  // namespace opgsim::policy
