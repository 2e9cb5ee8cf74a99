// periodic (period_s > 0, count_dispatches): the outstanding counts are copied from the truth at
// the first decision at or after each multiple of period_s (under load, within one inter-arrival
// time of the boundary; an idle router polls nobody). Between refreshes the router adds its own
// dispatches if count_dispatches. One O(n) copy per period, O(1) per decision otherwise.
#include <cmath>

#include "models/policy/router_view.hpp"

namespace opgsim::policy {
namespace {

class PeriodicView final : public StaleView {
public:
  PeriodicView(double period_s, bool count_dispatches) : StaleView(count_dispatches), period_s_(period_s) {}

  std::span<const NodeView> seen(std::span<const NodeView> truth, double now) override {
    if (now >= next_refresh_) {
      refresh_all(truth);
      next_refresh_ = (std::floor(now / period_s_) + 1) * period_s_;
    }
    return table();
  }

private:
  double period_s_;
  double next_refresh_ = 0;  // the first decision refreshes
};

}  // namespace

std::unique_ptr<RouterView> make_periodic_view(const ParamValues& p) {
  return std::make_unique<PeriodicView>(p.get("period_s", 1.0), p.get("count_dispatches", 1) != 0);
}

}  // namespace opgsim::policy
