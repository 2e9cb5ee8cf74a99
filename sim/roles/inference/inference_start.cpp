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

// summary.json's `pools` (declared in analysis/output/summary_fields.cpp): per pool, what the
// router sent it by class, its measured completed requests, their latency, and its nodes' busy
// fraction over the whole run.
nlohmann::json pools_summary(const World& world, const std::vector<std::unique_ptr<InferenceNode>>& nodes) {
  const Scenario& s = world.scenario;
  const double end = sg4::Engine::get_clock();
  const double span = s.duration_s - s.warmup_s;
  std::vector<double> busy(s.roles.inference.pools.size(), 0);
  for (std::uint32_t i = 0; i < nodes.size(); ++i) busy[world.pools.pool_of(i)] += nodes[i]->busy_integral(end);
  nlohmann::json out = nlohmann::json::array();
  for (std::uint32_t p = 0; p < s.roles.inference.pools.size(); ++p) {
    const InferencePoolSpec& pool = s.roles.inference.pools[p];
    nlohmann::json routed = nlohmann::json::object();
    std::uint64_t all = 0;
    for (std::uint32_t c = 0; c < s.workload.classes.size(); ++c) {
      routed[s.workload.classes[c].name] = world.pools.routed(p, c);
      all += world.pools.routed(p, c);
    }
    const analysis::Histogram& h = world.pools.latency(p);
    out.push_back({{"name", pool.name},
                   {"model", pool.model},
                   {"nodes", pool.count},
                   {"routed", all},
                   {"routed_by_class", routed},
                   {"completed", world.pools.completed(p)},
                   {"throughput_rps", static_cast<double>(world.pools.completed(p)) / span},
                   {"latency_p50_s", h.quantile(0.5)},
                   {"latency_p99_s", h.quantile(0.99)},
                   {"utilization", end > 0 ? busy[p] / (end * pool.count) : 0.0}});
  }
  return out;
}

RoleRun start_inference(RoleStart& start) {
  World& world = start.world;
  const Scenario& s = world.scenario;
  const RoleHosts& hosts = world.hosts.role(faults::Role::Inference);
  for (std::size_t i = 0; i < hosts.hosts.size(); ++i)
    world.node_mailboxes.push_back(sg4::Mailbox::by_name("node-" + std::to_string(i)));
  if (s.roles.inference.cold_start) world.model_bytes = start.prepared.model_bytes;

  std::vector<faults::FaultTimeline> timelines = faults::timelines_for(start.schedule, faults::Role::Inference, s.roles.inference.count);
  auto nodes = std::make_shared<std::vector<std::unique_ptr<InferenceNode>>>();
  for (std::uint32_t i = 0; i < s.roles.inference.count; ++i) {
    nodes->push_back(std::make_unique<InferenceNode>(world, i, std::move(start.prepared.models[i]),
                                                     start.prepared.front_end_s[i],
                                                     std::move(timelines[i])));
    InferenceNode* node = nodes->back().get();
    // An operator that has not joined yet (economy): its node starts offline.
    if (world.economy != nullptr && !world.economy->operator_active(i)) node->start_inactive();
    const std::string name = "node-" + std::to_string(i);
    sg4::Actor::create(name, hosts.hosts[i], guarded(name, [node] { (*node)(); }))->daemonize();
  }
  std::vector<const InferenceNode*> probed;
  for (const auto& node : *nodes) probed.push_back(node.get());
  RoleSummary summarize;
  if (!s.roles.inference.pools.empty())
    summarize = [&world, nodes](nlohmann::json& summary) { summary["pools"] = pools_summary(world, *nodes); };
  return {nodes, inference_signals(std::move(probed)), nullptr, std::move(summarize)};  // it serves no service
}

}  // namespace

// The runtime entry of the inference role (sim/roles/role_runtime.hpp).
// The fee share goes to the node that served the request.
RoleRuntime inference_role_runtime() {
  return {faults::Role::Inference, &start_inference, 0, [](const Request& r) -> std::int64_t { return r.node; },
          &prepare_inference};
}

}  // namespace opgsim::engine
