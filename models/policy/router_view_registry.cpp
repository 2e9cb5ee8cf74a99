// The router view registry: one line per view (name, one-line doc, parameters, factory), the
// factory defined in models/policy/<name>_view.cpp. Semantics in router_view.hpp.
#include "models/policy/router_view.hpp"

namespace opgsim::policy {

using ViewFactory = std::unique_ptr<RouterView>(const ParamValues&);
ViewFactory make_exact_view, make_periodic_view, make_piggyback_view;

namespace {
using K = ParamDecl::Kind;
constexpr const char* kCountDoc =
    "Between refreshes the router adds its own dispatches to what it last learned (a gateway knows what it sent); "
    "false models many independent routers, each of which sees only the shared refreshes.";
}  // namespace

const Registry<RouterView>& router_views() {
  static const Registry<RouterView> registry{
      {"exact", "The router knows every node's outstanding count at every instant (an idealization).", {}, make_exact_view},
      {"periodic", "Outstanding counts refreshed from the nodes every period_s; stale in between.",
       {{"period_s", K::Number, 1.0, "Time between two refreshes.", "s", 0, true, 1e9},
        {"count_dispatches", K::Boolean, 1, kCountDoc}},
       make_periodic_view},
      {"piggyback", "Each node's count as it last reported it on a response (result or rejection).",
       {{"count_dispatches", K::Boolean, 1, kCountDoc}},
       make_piggyback_view},
  };
  return registry;
}

std::unique_ptr<RouterView> make_router_view(const RouterViewSpec& spec) {
  return make_from(router_views(), spec, "router view");
}

}  // namespace opgsim::policy
