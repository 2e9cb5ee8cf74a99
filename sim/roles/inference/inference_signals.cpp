// The inference role's window signals (see role_runtime.hpp): up_inference (available nodes:
// up, operated, model loaded, region reachable, from the directory), and from the nodes, read
// only: their waiting requests (queue_length, on top of the router's central queue), busy
// fraction over the window (utilization_inference), occupancy and preemptions.
#include "sim/roles/inference/inference_node.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler inference_signals(std::vector<const InferenceNode*> nodes) {
  std::vector<double> busy_before(nodes.size(), 0.0);
  return [nodes = std::move(nodes), last_busy = std::move(busy_before),
          last_preemptions = std::uint64_t{0}](const World& world, analysis::RunMetrics::WindowSample& sample,
                                               double width, double now) mutable {
    double busy = 0;
    double occupancy = 0;
    std::uint64_t preemptions = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const InferenceNode& node = *nodes[i];
      const double b = node.busy_integral(now);
      busy += b - last_busy[i];
      last_busy[i] = b;
      sample.queue_length += node.waiting();
      occupancy += node.occupancy();
      preemptions += node.preemptions();
    }
    const auto count = static_cast<double>(nodes.size());
    sample.occupancy_inference = occupancy / count;
    sample.preemptions = preemptions - last_preemptions;
    last_preemptions = preemptions;
    if (width > 0) sample.utilization[static_cast<int>(analysis::Role::Inference)] = busy / width / count;
    std::uint32_t up = 0;
    for (std::uint32_t i = 0; i < world.nodes.size(); ++i) up += world.routable(i) ? 1 : 0;
    sample.nodes_up[up_slot(faults::Role::Inference)] = up;
  };
}

}  // namespace opgsim::engine
