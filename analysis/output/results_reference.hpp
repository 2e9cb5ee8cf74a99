// The generated parts of results/README.md: the reference tables of manifest.json,
// summary.json, timeseries.csv and ledger.csv, the list of per-window curve signals and the
// knee rules (the last three from the roles' signal declarations, handed in as `roles`), each
// produced from its declaration and kept between marker comments
//   <!-- BEGIN GENERATED <name> --> ... <!-- END GENERATED <name> -->
// so that the prose around them stays hand-written. A unit test fails when the README drifts;
// results/update-reference.sh rewrites it. No SimGrid.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/output/signal_decl.hpp"

namespace opgsim::analysis::output {

// The generated sections' names, in README order: "manifest.json", "summary.json",
// "timeseries.csv", "ledger.csv", "curve signals", "indices.csv", "knee rules".
std::vector<std::string_view> generated_section_names();
// The text between a section's markers (each line ends in '\n'). Throws std::invalid_argument
// for an unknown name.
std::string generated_section(std::string_view name, std::span<const RoleSignals> roles);
// `readme` with every generated section replaced by its current text. Throws
// std::invalid_argument when a section's markers are missing, repeated or out of order.
std::string update_generated_sections(std::string_view readme, std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis::output
