// `opgsim validate`'s description (see validate.hpp).
#include "sim/cli/validate.hpp"

#include <fmt/format.h>

#include "sim/roles/role_registry.hpp"

namespace opgsim::cli {

namespace {
// "power_of_d(d=3)", or the bare name when the type has no parameters.
std::string described(const TypedSpec& spec) {
  std::string params;
  for (const auto& [name, value] : spec.params.all()) params += fmt::format("{}{}={}", params.empty() ? "" : ", ", name, value);
  return params.empty() ? spec.type : fmt::format("{}({})", spec.type, params);
}
}  // namespace

std::string describe_inputs(const Scenario& s, const engine::PreparedRun& p) {
  const std::uint32_t slots = p.models.empty() ? 0 : p.models.front()->slots();
  const std::string trace_note = p.trace ? fmt::format(", trace {} rows", p.trace->rows.size()) : "";
  // "24 inference nodes x 4 slots, 2 verifier nodes": every role with nodes, in registry order.
  std::string nodes;
  for (const NodeRole& role : node_roles()) {
    if (role.count(s) == 0) continue;
    nodes += fmt::format("{}{} {} nodes{}", nodes.empty() ? "" : ", ", role.count(s), role.name,
                         role.routed ? fmt::format(" x {} slots", slots) : "");
  }
  return fmt::format("{}: ok ({} regions, {}, {} clients, router {}{}, {} faults)\n",
                     s.file, s.platform.regions.size(), nodes, s.clients.regions.size(),
                     described(s.router.policy) + (s.router.view.type == "exact" ? "" : ", view " + described(s.router.view)),
                     trace_note, p.faults.size());
}

}  // namespace opgsim::cli
