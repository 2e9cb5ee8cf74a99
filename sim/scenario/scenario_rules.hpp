// Scenario rules that involve more than one field, and the defaults that depend on other
// fields (region lists, the scenario name). Internal to sim/scenario.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"

namespace opgsim {

// `doc` is the schema-validated scenario; on return it is the complete scenario as run:
// computed defaults filled, file paths resolved against the file that named them. Throws
// opgsim::InputError "<source>: <path>: <what>" for the first broken rule.
void apply_scenario_rules(nlohmann::json& doc, const config::Origins& origins,
                          const std::string& default_name);

}  // namespace opgsim
