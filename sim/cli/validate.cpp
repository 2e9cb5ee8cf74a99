// `opgsim validate`'s description (see validate.hpp).
#include "sim/cli/validate.hpp"

#include <fmt/format.h>

namespace opgsim::cli {

std::string describe_inputs(const Scenario& s, const engine::PreparedRun& p) {
  const std::uint32_t slots = p.models.empty() ? 0 : p.models.front()->slots();
  const std::string trace_note = p.trace ? fmt::format(", trace {} rows", p.trace->rows.size()) : "";
  return fmt::format("{}: ok ({} regions, {} inference nodes x {} slots, {} clients, router {}{}, {} faults)\n",
                     s.file, s.platform.regions.size(), s.inference.count, slots, s.clients.regions.size(),
                     policy::to_string(s.router.policy), trace_note, p.faults.size());
}

}  // namespace opgsim::cli
