// The registries of the pluggable {"type": ..., params} families that convert to a typed struct:
// each entry is one type's name, doc, tag value and bound parameters (sim/config/family.hpp), and
// the scenario schema's variant and the conversion both come from it. The router policy and view
// registries (models/policy/*_registry.cpp) stay in models/ because their factories build the
// policy objects; registry_schema.hpp turns them into variants. Families written as a plain
// string (verifier policy, verification mode, fault kinds, emission curve, ...) have a name table
// as their registry (EnumNames or a local table passed to Bind::choice). No SimGrid.
#pragma once

#include "models/service/service_model.hpp"
#include "models/workload/token_distribution.hpp"
#include "sim/config/family.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

// roles.inference.service (service_family.cpp).
config::Family<service::ServiceSpec, service::ServiceSpec::Type> service_models();

// workload.arrivals (arrival_family.cpp).
config::Family<ArrivalSpec, ArrivalSpec::Type> arrival_processes();
// poisson, ramp and phases as rate pieces: a post-step, because a piece also needs the
// scenario's duration_s. `arrivals` is the validated workload.arrivals object.
void resolve_rate_pieces(ArrivalSpec& spec, const nlohmann::json& arrivals, double duration_s);

// workload.prompt_tokens and workload.output_tokens (token_family.cpp).
config::Family<workload::TokenDistribution, workload::TokenDistribution::Type> token_distributions();

}  // namespace opgsim
