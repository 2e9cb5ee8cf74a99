// Scenario rules that involve more than one field, and the defaults that depend on other
// fields (region lists, the scenario name). Internal to sim/scenario and the role schemas
// (sim/roles/<role>/<role>_schema.cpp), which run their own rules through the role registry.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"
#include "sim/config/path.hpp"

namespace opgsim {

// `doc` is the schema-validated scenario; on return it is the complete scenario as run:
// computed defaults filled, file paths resolved against the file that named them. Throws
// opgsim::InputError "<source>: <path>: <what>" for the first broken rule.
void apply_scenario_rules(nlohmann::json& doc, const config::Origins& origins,
                          const std::string& default_name);

// A file path written in the scenario at `at`, made relative to the file that wrote it (one given
// with --set stays relative to the working folder). Also used by the role rules.
void resolve_scenario_file(nlohmann::json& value, const config::Origins& origins, const config::Path& at);

// The `horizon` block's rules (horizon_rules.cpp); nothing without one.
void horizon_rules(const nlohmann::json& doc, const config::Origins& origins);

}  // namespace opgsim
