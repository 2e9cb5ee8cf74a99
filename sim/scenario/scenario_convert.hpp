// From the complete scenario JSON (validated, rules applied) to the typed opgsim::Scenario.
// Internal to sim/scenario.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

// Only integers too large for their typed field can still fail here (InputError, same format).
Scenario to_scenario(const nlohmann::json& doc, const config::Origins& origins);

}  // namespace opgsim
