// The data role's window signals, read from the directory (see role_runtime.hpp): up_data and data_in_flight.
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler data_signals() {
  const std::size_t up = signal_slot("up_data"), in_flight = signal_slot("data_in_flight");
  return [up, in_flight](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    const RoleDirectory& data = world.directory(faults::Role::Data);
    sample.values[up] = available_nodes(world, data);
    sample.values[in_flight] = static_cast<double>(data.total_load());
  };
}

}  // namespace opgsim::engine
