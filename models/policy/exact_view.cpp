// exact: the router decides on the truth itself, every completion known the instant it happens
// (opgsim's behaviour before views existed, and the default).
#include "models/policy/router_view.hpp"

namespace opgsim::policy {
namespace {

class ExactView final : public RouterView {
public:
  std::span<const NodeView> seen(std::span<const NodeView> truth, double) override { return truth; }
  void on_truth_changed(std::uint32_t node, const NodeView& truth) override { reindex(node, truth); }
};

}  // namespace

std::unique_ptr<RouterView> make_exact_view(const ParamValues&) { return std::make_unique<ExactView>(); }

}  // namespace opgsim::policy
