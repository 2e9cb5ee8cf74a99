// The node roles, one line each: the list every per-role table is generated from. A role is
// its folder sim/roles/<role>/ plus its line here (the include of its spec and X(<role>, <Spec>));
// the folder defines <role>_node_role() (the registry entry, <role>_schema.cpp) and
// <role>_role_runtime() (how a run starts it, <role>_start.cpp). The order is the registry's:
// roles.<role> in the docs, timeseries.csv's role columns, summary.json's per-role blocks.
#pragma once

#include <cstddef>

#include "sim/roles/data/data_spec.hpp"
#include "sim/roles/inference/inference_spec.hpp"
#include "sim/roles/prover/prover_spec.hpp"
#include "sim/roles/storage/storage_spec.hpp"
#include "sim/roles/validator/validator_spec.hpp"
#include "sim/roles/verifier/verifier_spec.hpp"

#define OPGSIM_NODE_ROLES(X)         \
  X(inference, InferenceRoleSpec)    \
  X(verifier, VerifierRoleSpec)      \
  X(data, DataRoleSpec)              \
  X(storage, StorageRoleSpec)        \
  X(validator, ValidatorRoleSpec)    \
  X(prover, ProverRoleSpec)

namespace opgsim {

// How many node roles there are (per-role tables are indexed by NodeRole::index()).
#define OPGSIM_ROLE_ONE(role, Spec) +1
inline constexpr std::size_t kNodeRoleCount = 0 OPGSIM_NODE_ROLES(OPGSIM_ROLE_ONE);
#undef OPGSIM_ROLE_ONE

// The scenario's `roles` object: one typed section per role (roles.<role> in the JSON).
struct RoleSpecs {
#define OPGSIM_ROLE_MEMBER(role, Spec) Spec role;
  OPGSIM_NODE_ROLES(OPGSIM_ROLE_MEMBER)
#undef OPGSIM_ROLE_MEMBER
};

}  // namespace opgsim
