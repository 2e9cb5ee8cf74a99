// Inference pools: declaration and rules (see inference_pools.hpp). The pool's service is the
// same family as roles.inference.service (sim/scenario/service_family.cpp), declared once.
#include "sim/roles/inference/inference_pools.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

#include "sim/scenario/families.hpp"
#include "sim/scenario/role_bindings.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_rules.hpp"

namespace opgsim {

namespace {
using config::Path;
using nlohmann::json;

// Whether a file or --set wrote the value at `pointer` (or below it): defaults have no origin.
bool written(const config::Origins& origins, const std::string& pointer) {
  for (const auto& [p, source] : origins.entries())
    if (p == pointer || p.rfind(pointer + "/", 0) == 0) return true;
  return false;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}
}  // namespace

config::Bind<InferencePoolSpec> inference_pool_binding() {
  using config::Type;
  using namespace limits;
  config::Bind<InferencePoolSpec> p("One pool of inference nodes: its own hardware (service), model and regions.");
  p.field("name", &InferencePoolSpec::name, Type::string().non_empty()).doc("Pool name (unique; summary.json's pools).");
  p.field("count", &InferencePoolSpec::count, Type::integer().ge(1).le(kMaxNodesPerRole)).def(1)
      .doc("Nodes in the pool; nodes are numbered pool after pool in the order written (fault events' index).");
  role_regions(p, "pool's nodes");
  p.object("service", &InferencePoolSpec::service, service_models()).def(json{{"type", "exponential"}})
      .doc("Service-time model of each node of the pool (as roles.inference.service).");
  p.field("model", &InferencePoolSpec::model, Type::string().non_empty())
      .optional("the gpu service's model")
      .doc("The model the pool serves, matched against workload.classes[].model; required unless the service is "
           "gpu (then it must equal service.model).");
  p.field("cost_usd_per_hour", &InferencePoolSpec::cost_usd_per_hour, Type::number().ge(0).le(1e9).nullable())
      .def(nullptr)
      .unit("USD/h")
      .doc("What one node of the pool costs its operator per hour (economy only; each operator's cost spread applies "
           "on top). null: economy.operators.gpu_cost_usd_per_hour x the pool's GPUs per node (one unit for a node "
           "that is not a gpu node: a CPU or TEE proxy node costs one unit unless this says otherwise).");
  return p;
}

void upstream_rules(const json& service, const config::Origins& origins, const Path& at) {
  if (service["type"] != "tee_proxy") return;
  for (const char* q : {"ttft", "tokens_per_s"}) {
    const std::string median = std::string(q) + "_median" + (std::string(q) == "ttft" ? "_s" : "");
    const std::string p90 = std::string(q) + "_p90" + (std::string(q) == "ttft" ? "_s" : "");
    if (service[p90].get<double>() < service[median].get<double>())
      config::fail_at(origins, at.key(p90),
                      fmt::format("expected a number >= {} ({}), got {}", median, service[median].dump(), service[p90].dump()));
  }
}

void expand_inference_pools(json& doc, const config::Origins& origins) {
  json& inf = doc["roles"]["inference"];
  if (!inf.contains("pools")) return;
  const Path at = Path().key("roles").key("inference");
  for (const char* single : {"count", "regions", "service"})
    if (written(origins, std::string("/roles/inference/") + single))
      config::fail_at(origins, at.key("pools"),
                      fmt::format("both pools and the single-node form (roles.inference.{} is set): give one", single));
  // The central queue is one FIFO that any free node pulls from; with pools a node may not serve
  // the request at its head, so the two are not combined (yet).
  if (doc["router"]["policy"]["type"] == "central_queue")
    config::fail_at(origins, Path().key("router").key("policy").key("type"),
                    "central_queue cannot be combined with roles.inference.pools (a free node may not serve the "
                    "request at the queue's head)");
  std::vector<std::string> regions;
  for (const json& r : doc["platform"]["regions"]) regions.push_back(r["name"]);
  std::set<std::string> names;
  std::uint64_t total = 0;
  json& pools = inf["pools"];
  for (std::size_t i = 0; i < pools.size(); ++i) {
    json& pool = pools[i];
    const Path pat = at.key("pools").index(i);
    if (!names.insert(pool["name"].get<std::string>()).second)
      config::fail_at(origins, pat.key("name"), "duplicate pool name '" + pool["name"].get<std::string>() + "'");
    if (!pool.contains("regions")) pool["regions"] = regions;
    for (std::size_t k = 0; k < pool["regions"].size(); ++k) {
      const std::string r = pool["regions"][k];
      if (std::find(regions.begin(), regions.end(), r) == regions.end())
        config::fail_at(origins, pat.key("regions").index(k), "unknown region '" + r + "' (known: " + joined(regions) + ")");
    }
    json& service = pool["service"];
    upstream_rules(service, origins, pat.key("service"));
    if (service["type"] == "gpu") {
      if (!pool.contains("model")) pool["model"] = service["model"];
      if (pool["model"] != service["model"])
        config::fail_at(origins, pat.key("model"),
                        fmt::format("the gpu service serves '{}', not '{}'", service["model"].get<std::string>(),
                                    pool["model"].get<std::string>()));
      resolve_scenario_file(service["catalog"], origins, pat.key("service").key("catalog"));
      resolve_scenario_file(service["profile"], origins, pat.key("service").key("profile"));
    } else if (!pool.contains("model")) {
      config::fail_at(origins, pat.key("model"), "required for a " + service["type"].get<std::string>() +
                                                     " service (only a gpu service names its model)");
    }
    total += pool["count"].get<std::uint64_t>();
  }
  if (total > limits::kMaxNodesPerRole)
    config::fail_at(origins, at.key("pools"), fmt::format("{} nodes in all, more than {}", total, limits::kMaxNodesPerRole));
  inf["count"] = total;
}

void class_model_rule(const json& cls, const json& doc, const config::Origins& origins, const Path& at) {
  if (!cls.contains("model")) return;
  const std::string model = cls["model"];
  const json& inf = doc["roles"]["inference"];
  if (!inf.contains("pools")) {
    const json& service = inf["service"];
    if (service["type"] != "gpu")
      config::fail_at(origins, at.key("model"),
                      "no node serves a named model: the " + service["type"].get<std::string>() +
                          " service names none (give roles.inference.pools)");
    if (service["model"] != model)
      config::fail_at(origins, at.key("model"),
                      fmt::format("no node serves '{}' (roles.inference.service serves '{}')", model,
                                  service["model"].get<std::string>()));
    return;
  }
  std::vector<std::string> served;
  for (const json& pool : inf["pools"]) {
    if (pool["model"] == model) return;
    served.push_back(pool["model"]);
  }
  config::fail_at(origins, at.key("model"),
                  fmt::format("no pool serves model '{}' (roles.inference.pools serve: {})", model, joined(served)));
}

const json& service_serving(const json& doc, const std::string& model) {
  const json& inf = doc["roles"]["inference"];
  if (inf.contains("pools"))
    for (const json& pool : inf["pools"])
      if (pool["model"] == model) return pool["service"];
  return inf["service"];
}

std::vector<std::uint32_t> pool_of_nodes(const InferenceRoleSpec& spec) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t p = 0; p < spec.pools.size(); ++p) out.insert(out.end(), spec.pools[p].count, p);
  return out;
}

const service::ServiceSpec& node_service(const InferenceRoleSpec& spec, const std::vector<std::uint32_t>& pool_of,
                                         std::uint32_t node) {
  return pool_of.empty() ? spec.service : spec.pools[pool_of[node]].service;
}

}  // namespace opgsim
