// The declaration of roles.verifier, bound to VerifierRoleSpec (verifier_spec.hpp): validation,
// defaults, docs and conversion of every field in one statement each.
#include "models/policy/verifier_assignment.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

config::Bind<VerifierRoleSpec> verifier_role_binding() {
  using config::Type;
  using namespace limits;
  config::Bind<VerifierRoleSpec> v(
      "Verifier nodes: they check proofs and attestations of classes whose verification is not vanilla, "
      "one check per core at a time, FIFO.");
  v.field("count", &VerifierRoleSpec::count, Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of verifier nodes; 0 means none, and then every class must be vanilla.");
  role_regions(v, "verifiers");
  v.field("cores", &VerifierRoleSpec::cores, Type::integer().ge(1).le(kMaxSlots)).def(8)
      .doc("Checks one verifier runs at once (one per core).");
  // The verifier-assignment family: its registry is policy::kVerifierPolicyNames.
  v.choice("policy", &VerifierRoleSpec::policy, policy::kVerifierPolicyNames).def("least_loaded")
      .doc("Which verifier checks a proof: least_loaded (smallest expected wait), random, or round_robin.");
  return v;
}

}  // namespace opgsim
