// The declaration of roles.inference, bound to InferenceRoleSpec (inference_spec.hpp), and its
// cross-field rules and its registry hooks (sim/roles/role_registry.hpp); the service-time model is a family with its own registry
// (sim/scenario/service_family.cpp).
#include "models/common/input_error.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/scheduler.hpp"
#include "models/proof/proof_cost.hpp"
#include "sim/roles/inference/inference_pools.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/families.hpp"
#include "sim/scenario/role_bindings.hpp"
#include "sim/scenario/scenario_convert.hpp"
#include "sim/scenario/scenario_rules.hpp"

namespace opgsim {

namespace {

config::Bind<InferenceRoleSpec> inference_role_binding() {
  using config::Type;
  using nlohmann::json;
  using namespace limits;
  config::Bind<InferenceRoleSpec> inf("The inference nodes.");
  inf.field("count", &InferenceRoleSpec::count, Type::integer().ge(1).le(kMaxNodesPerRole)).def(8)
      .doc("Number of inference nodes.");
  role_regions(inf, "nodes");
  inf.object("service", &InferenceRoleSpec::service, service_models()).def(json{{"type", "exponential"}})
      .doc("Service-time model of each node.");
  inf.field("queue_limit", &InferenceRoleSpec::queue_limit, Type::integer().ge(1).le(kMaxQueue).nullable()).def(nullptr)
      .doc("Most requests waiting at one node (beyond them: rejected); null means unlimited.");
  inf.field("cold_start", &InferenceRoleSpec::cold_start, Type::boolean()).def(false)
      .doc("Nodes start without the model and load it from a storage node (at time 0 and after every recovery); "
           "the router skips a node until its load is done. Needs roles.storage.count >= 1.");
  inf.field("model_bytes", &InferenceRoleSpec::model_bytes, Type::number().ge(0).le(kMaxBytes)).def(0.0).unit("B")
      .doc("Size of the weights a cold start loads; 0 means the gpu service's model weights from the catalog "
           "(required > 0 with the other service types).");
  inf.objects("pools", &InferenceRoleSpec::pools, inference_pool_binding()).non_empty().max_size(kMaxListItems)
      .optional("none: the single-node form (count, regions, service)")
      .doc("Pools of nodes with their own hardware, model and regions (inference_pools.hpp); instead of count, "
           "regions and service, not with them. Classes that name a model (workload.classes[].model) go only to "
           "the pools serving it. queue_limit, cold_start and model_bytes apply to every pool's nodes.");
  // With pools, the nodes' regions are the pools' (the rules set count to their total): node i is
  // placed in its own pool's regions, round-robin within the pool.
  inf.after([](InferenceRoleSpec& s, const json&, const config::ReadAt&) {
    if (s.pools.empty()) return;
    s.regions.clear();
    for (const InferencePoolSpec& pool : s.pools)
      for (std::uint32_t k = 0; k < pool.count; ++k) s.regions.push_back(pool.regions[k % pool.regions.size()]);
  });
  return inf;
}

void declare_inference_role(config::Bind<Scenario>& roles) {
  roles.object("inference", config::member(&Scenario::roles, &RoleSpecs::inference), inference_role_binding()).def(nlohmann::json::object())
      .doc("Inference nodes.");
}

// The gpu service's catalog and profile are files relative to the scenario file that named them.
// A scheduler without chunked prefill (vllm_v0) refuses chunked_prefill. A cold start loads the
// model from storage, so it needs a storage node and a model size. The economy's operators are
// the inference nodes: no more of them active at the start than there are nodes.
void inference_role_rules(nlohmann::json& inf, const nlohmann::json& doc, const config::Origins& origins,
                          const config::Path& at) {
  nlohmann::json& service = inf["service"];
  upstream_rules(service, origins, at.key("service"));
  if (service["type"] == "gpu") {
    resolve_scenario_file(service["catalog"], origins, at.key("service").key("catalog"));
    resolve_scenario_file(service["profile"], origins, at.key("service").key("profile"));
  }
  if (service["type"] == "gpu" && service["chunked_prefill"].get<bool>()) {
    const std::string scheduler = service["scheduler"]["type"];
    if (!gpu::make_scheduler(TypedSpec{scheduler, {}}).rules().allows_chunked_prefill)
      config::fail_at(origins, at.key("service").key("chunked_prefill"),
                      "the " + scheduler + " scheduler has no chunked prefill (vLLM V0 with chunked prefill is the chunked "
                      "scheduler)");
  }
  const nlohmann::json& e = doc["economy"];
  const auto nodes = inf["count"].get<std::uint64_t>();
  if (e["enabled"].get<bool>() && !e["operators"]["initially_active"].is_null() &&
      e["operators"]["initially_active"].get<std::uint64_t>() > nodes)
    config::fail_at(origins, config::Path().key("economy").key("operators").key("initially_active"),
                    "more than the " + std::to_string(nodes) + " inference nodes (roles.inference.count)");
  if (!inf["cold_start"].get<bool>()) return;
  if (doc["roles"]["storage"]["count"].get<std::uint64_t>() == 0)
    config::fail_at(origins, at.key("cold_start"),
                    "needs a storage node to load the model from: roles.storage.count is 0");
  if (inf["model_bytes"].get<double>() == 0 && inf["service"]["type"] != "gpu")
    config::fail_at(origins, at.key("model_bytes"),
                    "required (> 0) for cold_start with a non-gpu service (no catalog model to take the size from)");
}

// For zkml and zk_crv classes: fills model_parameters from the gpu catalog when left at 0, and
// refuses a model whose proof cannot be produced (a scenario error, not a silent run). The other
// modes' costs do not depend on the model's size.
void inference_class_rules(nlohmann::json& cls, const nlohmann::json& doc, const config::Origins& origins,
                           const config::Path& at) {
  class_model_rule(cls, doc, origins, at);
  const auto mode = proof::verification_mode_from_string(cls["verification"]["type"].get<std::string>());
  if (*mode != proof::VerificationMode::Zkml && *mode != proof::VerificationMode::ZkCrv) return;
  const nlohmann::json& service =
      cls.contains("model") ? service_serving(doc, cls["model"]) : doc["roles"]["inference"]["service"];
  std::string model_name = cls["name"];
  if (cls["model_parameters"].get<double>() == 0 && service["type"] == "gpu") {
    const gpu::Catalog catalog = gpu::Catalog::load(gpu::resolve_catalog_path(service["catalog"]));
    model_name = service["model"];
    cls["model_parameters"] = catalog.model(model_name).parameters;
  }
  if (cls["model_parameters"].get<double>() == 0)
    config::fail_at(origins, at.key("model_parameters"),
                    "required for " + cls["verification"]["type"].get<std::string>() + " with a non-gpu service");
  try {
    proof::check_provable(to_proof_config(doc["proof"], origins), *mode, cls["model_parameters"], model_name);
  } catch (const InputError& e) {
    config::fail_at(origins, at.key("verification"), e.what());
  }
}

// Each active operator stakes operator_stake_opg (initially_active, or every inference node).
double inference_genesis_stake_opg(const nlohmann::json& doc) {
  const nlohmann::json& e = doc["economy"];
  const nlohmann::json& ops = e["operators"];
  const double active = ops["initially_active"].is_null() ? doc["roles"]["inference"]["count"].get<double>()
                                                          : ops["initially_active"].get<double>();
  return active * e["operator_stake_opg"].get<double>();
}

// An operator pays for each GPU of a gpu node (one unit for the other service models).
std::uint32_t gpus_per_node(const Scenario& s) {
  const service::ServiceSpec& service = s.roles.inference.service;
  return service.type == service::ServiceSpec::Type::Gpu ? service.gpus_per_node : 1;
}

// With pools, each node pays its pool's price: the pool's cost_usd_per_hour, else the unit price
// times the pool's GPUs per node.
std::vector<double> pool_node_costs(const Scenario& s, double unit_usd_per_hour) {
  std::vector<double> out;
  for (const InferencePoolSpec& pool : s.roles.inference.pools) {
    const double units = pool.service.type == service::ServiceSpec::Type::Gpu ? pool.service.gpus_per_node : 1;
    out.insert(out.end(), pool.count, pool.cost_usd_per_hour.value_or(unit_usd_per_hour * units));
  }
  return out;
}

}  // namespace

analysis::RoleSignals inference_signal_decls();  // inference_signal_decls.cpp

// The registry entry of the inference role (sim/roles/role_registry.hpp).
NodeRole inference_node_role() {
  return NodeRole{
      .id = faults::Role::Inference,
      .name = "inference",
      .host_prefix = "node",
      .count = &role_count<&RoleSpecs::inference>,
      .regions = &role_region_list<&RoleSpecs::inference>,
      .services = service_mask(),
      .declare = &declare_inference_role,
      .rules = &inference_role_rules,
      .class_rules = &inference_class_rules,
      .limits = nullptr,
      .genesis_stake_opg = &inference_genesis_stake_opg,
      .can_be_malicious = true,
      .signals = &inference_signal_decls,
      .economy = {.account = economy::AccountKind::Operator,
                  .stake_key = "operator_stake_opg",
                  .stake_default_opg = 10000,
                  .stake_doc = "Stake of each inference operator (assumption).",
                  .share_key = "operator",
                  .share_default = 1.0,
                  .share_bps = &economy::FeeShares::operator_bps,
                  .share_part = &economy::FeeSplit::operator_part,
                  .share_doc = "The inference node's operator.",
                  .cost_units = &gpus_per_node,
                  .node_cost_usd_per_hour = &pool_node_costs,
                  .cost_doc = "",  // the routed role's operators are economy.operators (gpu_cost_usd_per_hour)
                  .min_active_doc = ""},
      .routed = true,
  };
}

}  // namespace opgsim
