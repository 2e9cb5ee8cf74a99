// The declaration of roles.inference, bound to InferenceRoleSpec (inference_spec.hpp); the
// service-time model is a family with its own registry (sim/scenario/service_family.cpp).
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

}  // namespace opgsim
