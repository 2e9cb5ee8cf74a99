// From the complete scenario JSON (validated, rules applied) to the typed opgsim::Scenario.
// Internal to sim/scenario.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"
#include "models/proof/proof_cost.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

// Only integers too large for their typed field can still fail here (InputError, same format).
Scenario to_scenario(const nlohmann::json& doc, const config::Origins& origins);

// The `economy` section (the rules validate it with the models' own checks before to_scenario).
EconomySpec to_economy(const nlohmann::json& economy_section, const config::Origins& origins);

// The `proof` section as the proof models' config (the rules need it before to_scenario runs).
proof::ProofConfig to_proof_config(const nlohmann::json& proof_section, const config::Origins& origins);

}  // namespace opgsim
