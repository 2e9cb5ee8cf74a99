// The bound declarations of the role sections (roles.<role>): each lives in its role's folder,
// sim/roles/<role>/<role>_schema.cpp, next to the spec struct it fills; the role's declare hook
// on its registry line (sim/roles/role_registry.hpp) puts it on the scenario's `roles`. No SimGrid.
#pragma once

#include <string>

#include "sim/config/bind.hpp"
#include "sim/roles/data/data_spec.hpp"
#include "sim/roles/inference/inference_spec.hpp"
#include "sim/roles/prover/prover_spec.hpp"
#include "sim/roles/storage/storage_spec.hpp"
#include "sim/roles/validator/validator_spec.hpp"
#include "sim/roles/verifier/verifier_spec.hpp"
#include "sim/scenario/scenario_limits.hpp"

namespace opgsim {

config::Bind<InferenceRoleSpec> inference_role_binding();
config::Bind<VerifierRoleSpec> verifier_role_binding();
config::Bind<ProverRoleSpec> prover_role_binding();
config::Bind<DataRoleSpec> data_role_binding();
config::Bind<StorageRoleSpec> storage_role_binding();
config::Bind<ValidatorRoleSpec> validator_role_binding();

// Each role's rules and the rest of its registry hooks are declared in sim/roles/role_registry.hpp.

// The region list every role has: optional, the cross-field rules fill in every region before
// conversion (scenario_rules.cpp), so the member is always read.
template <class Spec>
void role_regions(config::Bind<Spec>& s, const std::string& what) {
  using config::Type;
  s.field("regions", &Spec::regions,
          Type::array_of(Type::string().non_empty()).non_empty().max_size(limits::kMaxListItems))
      .optional("all regions")
      .doc("Regions the " + what + " are placed in, round-robin (node i in regions[i mod size]).");
}

}  // namespace opgsim
