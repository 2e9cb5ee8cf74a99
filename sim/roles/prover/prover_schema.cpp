// The declaration of roles.prover, bound to ProverRoleSpec (prover_spec.hpp), and its registry hooks.
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

namespace {

config::Bind<ProverRoleSpec> prover_role_binding() {
  using config::Type;
  using namespace limits;
  config::Bind<ProverRoleSpec> p(
      "Prover nodes: with proof.placement \"provers\" they produce the zkml and zk_crv proofs of every "
      "inference node's results, `provers` at a time each, FIFO beyond; the inference node hands each "
      "result over as soon as its inference is done.");
  p.field("count", &ProverRoleSpec::count, Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of prover nodes; 0 means none, and then proof.placement must be node.");
  role_regions(p, "prover nodes");
  p.field("provers", &ProverRoleSpec::provers, Type::integer().ge(1).le(kMaxSlots)).def(8)
      .doc("Proofs one prover node produces at once (assumed, like proof.zkml.provers_per_node: sweep it).");
  p.field("speed_factor", &ProverRoleSpec::speed_factor, Type::number().gt(0).le(1e6)).def(1.0)
      .doc("Proving time on a prover node x this, on top of proof.zkml.prover_speed_factor (1: the same machine "
           "as an inference node's provers; below 1 for faster proving hardware; an assumption).");
  return p;
}

void declare_prover_role(config::Bind<Scenario>& roles) {
  roles.object("prover", config::member(&Scenario::roles, &RoleSpecs::prover), prover_role_binding()).def(nlohmann::json::object())
      .doc("Dedicated prover nodes (none by default).");
}

// With proof.placement "provers", a zkml or zk_crv class needs prover nodes to make its proofs.
void prover_class_rules(nlohmann::json& cls, const nlohmann::json& doc, const config::Origins& origins,
                        const config::Path&) {
  const std::string mode = cls["verification"]["type"];
  if ((mode == "zkml" || mode == "zk_crv") && doc["proof"]["placement"] == "provers" &&
      doc["roles"]["prover"]["count"].get<std::uint64_t>() == 0)
    config::fail_at(origins, config::Path().key("proof").key("placement"),
                    "provers needs prover nodes for " + mode + " class '" + cls["name"].get<std::string>() +
                        "': roles.prover.count is 0");
}

// Each dedicated prover node stakes economy.prover_stake_opg at genesis.
double prover_genesis_stake_opg(const nlohmann::json& doc) {
  return doc["roles"]["prover"]["count"].get<double>() * doc["economy"]["prover_stake_opg"].get<double>();
}

}  // namespace

analysis::RoleSignals prover_signal_decls();  // prover_signal_decls.cpp

// The registry entry of the prover role (sim/roles/role_registry.hpp).
NodeRole prover_node_role() {
  return NodeRole{
      .id = faults::Role::Prover,
      .name = "prover",
      .host_prefix = "prover",
      .count = &role_count<&RoleSpecs::prover>,
      .regions = &role_region_list<&RoleSpecs::prover>,
      .services = service_mask(engine::Service::Prove),
      .declare = &declare_prover_role,
      .rules = nullptr,
      .class_rules = &prover_class_rules,
      .limits = nullptr,
      .genesis_stake_opg = &prover_genesis_stake_opg,
      .can_be_malicious = false,
      .signals = &prover_signal_decls,
      .economy = {.account = economy::AccountKind::Prover,
                  .stake_key = "prover_stake_opg",
                  .stake_default_opg = 10000,
                  .stake_doc = "Stake of each dedicated prover node (assumption, as a verifier's).",
                  .share_key = "prover",
                  .share_default = 0.0,
                  .share_bps = &economy::FeeShares::prover_bps,
                  .share_part = &economy::FeeSplit::prover,
                  .share_doc = "The dedicated prover node that made its proof (proof.placement provers; otherwise the "
                               "treasury's).",
                  .cost_usd_per_hour_default = 2.0,
                  .cost_doc = "Assumption: one GPU rented for proving, as an inference operator's "
                              "(economy.operators.gpu_cost_usd_per_hour); sweep it.",
                  .min_active_doc = ""},
  };
}

}  // namespace opgsim
