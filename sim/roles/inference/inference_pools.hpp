// Inference pools (roles.inference.pools): a pool is the single-node form's node spec (its service
// and regions) plus a name, a count and the model it serves. Here: a pool's declaration, the rules
// that check the pools and derive the role's node count from them, and the rule that a class's
// model (workload.classes[].model) is served. No SimGrid.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/config/bind.hpp"
#include "sim/config/origins.hpp"
#include "sim/config/path.hpp"
#include "sim/roles/inference/inference_spec.hpp"

namespace opgsim {

config::Bind<InferencePoolSpec> inference_pool_binding();

// Before the size limits: refuses pools together with the single-node form (count, regions or
// service written by a file or --set), duplicate pool names, unknown regions and a non-gpu pool
// without a model; fills each pool's regions and model, resolves its catalog and profile files
// and sets roles.inference.count to the pools' total.
void expand_inference_pools(nlohmann::json& doc, const config::Origins& origins);

// A tee_proxy service's percentiles are ordered (p90 >= median); `at` is the service's path.
void upstream_rules(const nlohmann::json& service, const config::Origins& origins, const config::Path& at);

// A class that names a model needs a node serving it: a pool's model, or without pools the gpu
// service's model. `at` is the class's path.
void class_model_rule(const nlohmann::json& cls, const nlohmann::json& doc, const config::Origins& origins,
                      const config::Path& at);

// The service of the nodes that serve `model` (the first such pool's; the single-node form's
// service without pools): for catalog look-ups such as a zkml class's parameter count.
const nlohmann::json& service_serving(const nlohmann::json& doc, const std::string& model);

}  // namespace opgsim
