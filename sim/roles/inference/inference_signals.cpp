// The inference role's window signals read from the directory (see role_runtime.hpp): its
// available nodes (up, operated, model loaded, region reachable), timeseries.csv's up_inference.
// Its utilization, queue and occupancy columns integrate the nodes' busy time: the probe does it.
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

void sample_inference(const World& world, analysis::RunMetrics::WindowSample& sample) {
  std::uint32_t up = 0;
  for (std::uint32_t i = 0; i < world.inference.size(); ++i) up += world.routable(i) ? 1 : 0;
  sample.nodes_up[up_slot(faults::Role::Inference)] = up;
}

}  // namespace opgsim::engine
