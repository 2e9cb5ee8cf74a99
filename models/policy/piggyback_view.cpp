// piggyback (count_dispatches): every response a node sends (a result or a rejection) carries
// its outstanding count at that moment; the router's count for the node is the last one it heard
// plus, if count_dispatches, what it sent the node since hearing it. A report is applied when it
// arrives, so sends made while it travelled are dropped from the count (a gateway without
// sequence numbers cannot tell which sends a report already includes); a node that answers
// nothing keeps its last report. O(1) per decision and per report.
#include "models/policy/router_view.hpp"

namespace opgsim::policy {
namespace {

class PiggybackView final : public StaleView {
public:
  using StaleView::StaleView;
  std::span<const NodeView> seen(std::span<const NodeView>, double) override { return table(); }
  void on_report(std::uint32_t node, std::uint32_t outstanding) override { set_outstanding(node, outstanding); }
  bool wants_reports() const override { return true; }
};

}  // namespace

std::unique_ptr<RouterView> make_piggyback_view(const ParamValues& p) {
  return std::make_unique<PiggybackView>(p.get("count_dispatches", 1) != 0);
}

}  // namespace opgsim::policy
