// The data role's window signals, read from the directory (see role_runtime.hpp): up_data and data_in_flight.
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler data_signals() {
  return [](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    sample.nodes_up[up_slot(faults::Role::Data)] = available_nodes(world, world.directory(faults::Role::Data));
    for (std::uint32_t i = 0; i < world.directory(faults::Role::Data).size(); ++i) sample.data_in_flight += world.directory(faults::Role::Data).load(i);
  };
}

}  // namespace opgsim::engine
