// How a run starts the inference role (its registry line, sim/roles/role_runtime.hpp): one
// mailbox and one actor per node, each with its own service model and fault timeline.
#include "models/faults/fault_timeline.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/engine/economy.hpp"
#include "sim/roles/inference/inference_node.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler inference_signals(std::vector<const InferenceNode*> nodes);  // inference_signals.cpp
void prepare_inference(const Scenario& s, PreparedRun& p);                // inference_prepare.cpp

namespace {

RoleRun start_inference(RoleStart& start) {
  World& world = start.world;
  const Scenario& s = world.scenario;
  const RoleHosts& hosts = world.hosts.role(faults::Role::Inference);
  for (std::size_t i = 0; i < hosts.hosts.size(); ++i)
    world.node_mailboxes.push_back(sg4::Mailbox::by_name("node-" + std::to_string(i)));
  if (s.roles.inference.cold_start) world.model_bytes = start.prepared.model_bytes;

  std::vector<faults::FaultTimeline> timelines = faults::timelines_for(start.schedule, faults::Role::Inference, s.roles.inference.count);
  const double front_end_s = start.prepared.node_spec.request_overhead_s;  // the profile's value, if one is named
  auto nodes = std::make_shared<std::vector<std::unique_ptr<InferenceNode>>>();
  for (std::uint32_t i = 0; i < s.roles.inference.count; ++i) {
    nodes->push_back(std::make_unique<InferenceNode>(world, i, std::move(start.prepared.models[i]), front_end_s,
                                                     std::move(timelines[i])));
    InferenceNode* node = nodes->back().get();
    // An operator that has not joined yet (economy): its node starts offline.
    if (world.economy != nullptr && !world.economy->operator_active(i)) node->start_inactive();
    const std::string name = "node-" + std::to_string(i);
    sg4::Actor::create(name, hosts.hosts[i], guarded(name, [node] { (*node)(); }))->daemonize();
  }
  std::vector<const InferenceNode*> probed;
  for (const auto& node : *nodes) probed.push_back(node.get());
  return {nodes, inference_signals(std::move(probed)), nullptr, {}};  // it serves no service
}

}  // namespace

// The runtime entry of the inference role (sim/roles/role_runtime.hpp).
// The fee share goes to the node that served the request.
RoleRuntime inference_role_runtime() {
  return {faults::Role::Inference, &start_inference, 0, [](const Request& r) -> std::int64_t { return r.node; },
          &prepare_inference};
}

}  // namespace opgsim::engine
