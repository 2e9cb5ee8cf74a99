// The registries of the pluggable {"type": ..., params} families that convert to a typed struct:
// each entry is one type's name, doc, tag value and bound parameters (sim/config/family.hpp), and
// the scenario schema's variant and the conversion both come from it. The router policy and view
// registries (models/policy/*_registry.cpp) stay in models/ because their factories build the
// policy objects; registry_schema.hpp turns them into variants. The verifier-assignment family is
// declared in its role's folder (sim/roles/verifier/verifier_schema.cpp). What stays a plain
// string is an enumeration, not a family: placements, fault event kinds, file formats, the
// emission curve's and fault processes' own tag keys (already {"type"/"kind": ...} objects). No SimGrid.
#pragma once

#include "models/faults/fault_schedule.hpp"
#include "models/policy/verifier_assignment.hpp"
#include "models/proof/verification_mode.hpp"
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

// workload.classes[].verification (verification_family.cpp).
config::Family<proof::VerificationMode, proof::VerificationMode> verification_modes();

// faults.processes[].distribution (fault_time_family.cpp).
config::Family<faults::Duration, faults::Duration::Type> fault_time_distributions();

// roles.verifier.policy (sim/roles/verifier/verifier_schema.cpp).
config::Family<policy::VerifierPolicyType, policy::VerifierPolicyType> verifier_policies();

}  // namespace opgsim
