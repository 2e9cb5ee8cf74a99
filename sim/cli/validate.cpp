// `opgsim validate`'s description (see validate.hpp).
#include "sim/cli/validate.hpp"

#include <fmt/format.h>

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
  return fmt::format("{}: ok ({} regions, {} inference nodes x {} slots, {} clients, router {}{}, {} faults)\n",
                     s.file, s.platform.regions.size(), s.roles.inference.count, slots, s.clients.regions.size(),
                     described(s.router.policy) + (s.router.view.type == "exact" ? "" : ", view " + described(s.router.view)),
                     trace_note, p.faults.size());
}

}  // namespace opgsim::cli
