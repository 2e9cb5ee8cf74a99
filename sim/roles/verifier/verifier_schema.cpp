// The declaration of roles.verifier, bound to VerifierRoleSpec (verifier_spec.hpp): validation,
// defaults, docs and conversion of every field in one statement each.
#include "models/policy/verifier_assignment.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/families.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

// The verifier-assignment family; names from policy::kVerifierPolicyNames (also the outputs').
config::Family<policy::VerifierPolicyType, policy::VerifierPolicyType> verifier_policies() {
  using policy::VerifierPolicyType;
  config::Family<VerifierPolicyType, VerifierPolicyType> f("Which verifier checks a proof (models/policy/verifier_assignment.hpp).");
  for (const auto& [type, name] : policy::kVerifierPolicyNames) {
    const char* doc = "";
    switch (type) {
      case VerifierPolicyType::LeastLoaded: doc = "The verifier with the smallest expected wait."; break;
      case VerifierPolicyType::Random: doc = "A verifier drawn uniformly."; break;
      case VerifierPolicyType::RoundRobin: doc = "Verifiers in turn."; break;
    }
    f.type(name, doc, type);
  }
  return f;
}

namespace {

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
  v.object("policy", &VerifierRoleSpec::policy, verifier_policies()).def(nlohmann::json{{"type", "least_loaded"}})
      .doc("Which verifier checks a proof: least_loaded (smallest expected wait), random, or round_robin. A bare name "
           "(\"random\") is still accepted, with a deprecation warning, for one release.");
  return v;
}

void declare_verifier_role(config::Bind<Scenario>& roles) {
  roles.object("verifier", config::member(&Scenario::roles, &RoleSpecs::verifier), verifier_role_binding()).def(nlohmann::json::object())
      .doc("Verifier nodes (none by default).");
}

// A class whose verification is not vanilla needs a verifier to check its proofs.
void verifier_class_rules(nlohmann::json& cls, const nlohmann::json& doc, const config::Origins& origins,
                          const config::Path& at) {
  const std::string mode = cls["verification"]["type"];
  if (mode != "vanilla" && doc["roles"]["verifier"]["count"].get<std::uint64_t>() == 0)
    config::fail_at(origins, at.key("verification"), mode + " needs a verifier: roles.verifier.count is 0");
}

// Each verifier stakes verifier_stake_opg.
double verifier_genesis_stake_opg(const nlohmann::json& doc) {
  return doc["roles"]["verifier"]["count"].get<double>() * doc["economy"]["verifier_stake_opg"].get<double>();
}

}  // namespace

analysis::RoleSignals verifier_signal_decls();  // verifier_signal_decls.cpp

// The registry entry of the verifier role (sim/roles/role_registry.hpp).
NodeRole verifier_node_role() {
  return NodeRole{
      .id = faults::Role::Verifier,
      .name = "verifier",
      .host_prefix = "verifier",
      .count = &role_count<&RoleSpecs::verifier>,
      .regions = &role_region_list<&RoleSpecs::verifier>,
      .services = service_mask(engine::Service::Verify),
      .declare = &declare_verifier_role,
      .rules = nullptr,
      .class_rules = &verifier_class_rules,
      .limits = nullptr,
      .genesis_stake_opg = &verifier_genesis_stake_opg,
      .can_be_malicious = false,
      .signals = &verifier_signal_decls,
      .economy = {.account = economy::AccountKind::Verifier,
                  .stake_key = "verifier_stake_opg",
                  .stake_default_opg = 10000,
                  .stake_doc = "Stake of each verifier (assumption).",
                  .share_key = "verifier",
                  .share_default = 0.0,
                  .share_bps = &economy::FeeShares::verifier_bps,
                  .share_part = &economy::FeeSplit::verifier,
                  .share_doc = "The verifier that checked the request.",
                  .cost_usd_per_hour_default = 0.4,
                  .cost_doc = "Assumption: an 8-core CPU server checking proofs and attestations, about 0.4 USD/h "
                              "on demand (cloud list prices for 8 vCPU); sweep it.",
                  .min_active_doc = ""},
  };
}

}  // namespace opgsim
