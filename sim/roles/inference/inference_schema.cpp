// The declaration of roles.inference, bound to InferenceRoleSpec (inference_spec.hpp), and its
// cross-field rules; the service-time model is a family with its own registry
// (sim/scenario/service_family.cpp).
#include "models/gpu/scheduler.hpp"
#include "sim/scenario/families.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

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
  return inf;
}

// A scheduler without chunked prefill (vllm_v0) refuses chunked_prefill. A cold start loads the
// model from storage, so it needs a storage node and a model size.
void inference_role_rules(const nlohmann::json& doc, const config::Origins& origins, const config::Path& at) {
  const nlohmann::json& inf = doc["roles"]["inference"];
  const nlohmann::json& service = inf["service"];
  if (service["type"] == "gpu" && service["chunked_prefill"].get<bool>()) {
    const std::string scheduler = service["scheduler"]["type"];
    if (!gpu::make_scheduler(TypedSpec{scheduler, {}}).rules().allows_chunked_prefill)
      config::fail_at(origins, at.key("service").key("chunked_prefill"),
                      "the " + scheduler + " scheduler has no chunked prefill (vLLM V0 with chunked prefill is the chunked "
                      "scheduler)");
  }
  if (!inf["cold_start"].get<bool>()) return;
  if (doc["roles"]["storage"]["count"].get<std::uint64_t>() == 0)
    config::fail_at(origins, at.key("cold_start"),
                    "needs a storage node to load the model from: roles.storage.count is 0");
  if (inf["model_bytes"].get<double>() == 0 && inf["service"]["type"] != "gpu")
    config::fail_at(origins, at.key("model_bytes"),
                    "required (> 0) for cold_start with a non-gpu service (no catalog model to take the size from)");
}

}  // namespace opgsim
