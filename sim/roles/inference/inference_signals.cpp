// The inference role's window signals (see role_runtime.hpp): up_inference (available nodes:
// up, operated, model loaded, region reachable, from the directory), and from the nodes, read
// only: their waiting requests (queue_length, on top of the router's central queue), busy
// fraction over the window (utilization_inference), occupancy, batch slots and token budget in
// use, all over the nodes that are up, and preemptions.
#include "sim/roles/inference/inference_node.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler inference_signals(std::vector<const InferenceNode*> nodes) {
  std::vector<double> busy_before(nodes.size(), 0.0);
  const std::size_t up_slot = signal_slot("up_inference"), queue_slot = signal_slot("queue_length"),
                    utilization_slot = signal_slot("utilization_inference"),
                    occupancy_slot = signal_slot("occupancy_inference"), preemptions_slot = signal_slot("preemptions"),
                    batch_slot = signal_slot("batch_inference"), tokens_slot = signal_slot("tokens_inference");
  return [=, nodes = std::move(nodes), last_busy = std::move(busy_before),
          last_preemptions = std::uint64_t{0}](const World& world, analysis::RunMetrics::WindowSample& sample,
                                               double width, double now) mutable {
    // The router's central queue is in front of the nodes: waiting requests count there too.
    std::uint64_t queue_length = world.router.central_size();
    double busy = 0;
    double occupancy = 0, batch = 0, tokens = 0;
    std::uint64_t preemptions = 0;
    // Busy fraction and occupancy are over the nodes that are up (available at the window's end,
    // or busy during it): after operators leave, the ones left running flat out read ~1, not
    // their share of the whole roster.
    std::uint32_t up = 0, counted = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const InferenceNode& node = *nodes[i];
      const double b = node.busy_integral(now);
      const double delta = b - last_busy[i];
      last_busy[i] = b;
      queue_length += node.waiting();
      preemptions += node.preemptions();
      const bool available = world.routable(static_cast<std::uint32_t>(i));
      up += available ? 1 : 0;
      if (!available && delta <= 0) continue;
      ++counted;
      busy += delta;
      occupancy += node.occupancy();
      batch += node.batch_fill();
      tokens += node.token_budget_fill();
    }
    const auto count = static_cast<double>(counted);
    sample.values[queue_slot] = static_cast<double>(queue_length);
    sample.values[occupancy_slot] = counted > 0 ? occupancy / count : 0.0;
    sample.values[batch_slot] = counted > 0 ? batch / count : 0.0;
    sample.values[tokens_slot] = counted > 0 ? tokens / count : 0.0;
    sample.values[preemptions_slot] = static_cast<double>(preemptions - last_preemptions);
    last_preemptions = preemptions;
    if (width > 0) sample.values[utilization_slot] = counted > 0 ? busy / width / count : 0.0;
    sample.values[up_slot] = up;
  };
}

}  // namespace opgsim::engine
