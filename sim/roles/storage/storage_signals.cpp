// The storage role's window signals, read from the directory (see role_runtime.hpp): up_storage and
// storage_in_flight (transfers at nodes, on their way or held while no node is up).
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler storage_signals() {
  return [](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    sample.nodes_up[up_slot(faults::Role::Storage)] = available_nodes(world, world.directory(faults::Role::Storage));
    sample.storage_in_flight = world.sender(Service::Store).held();
    for (std::uint32_t i = 0; i < world.directory(faults::Role::Storage).size(); ++i) sample.storage_in_flight += world.directory(faults::Role::Storage).load(i);
  };
}

}  // namespace opgsim::engine
