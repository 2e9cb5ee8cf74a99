// The data role's window signals, read from the directory (see role_runtime.hpp): up_data and data_in_flight.
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler data_signals() {
  const std::size_t up = signal_slot("up_data"), in_flight = signal_slot("data_in_flight");
  return [up, in_flight](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    const RoleDirectory& data = world.directory(faults::Role::Data);
    sample.values[up] = available_nodes(world, data);
    std::uint64_t data_in_flight = 0;
    for (std::uint32_t i = 0; i < data.size(); ++i) data_in_flight += data.load(i);
    sample.values[in_flight] = static_cast<double>(data_in_flight);
  };
}

}  // namespace opgsim::engine
