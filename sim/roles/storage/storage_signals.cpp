// The storage role's window signals, read from the directory (see role_runtime.hpp): up_storage and
// storage_in_flight (transfers at nodes, on their way or held while no node is up).
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler storage_signals() {
  const std::size_t up = signal_slot("up_storage"), in_flight = signal_slot("storage_in_flight");
  return [up, in_flight](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    const RoleDirectory& storage = world.directory(faults::Role::Storage);
    sample.values[up] = available_nodes(world, storage);
    const std::uint64_t storage_in_flight = world.sender(Service::Store).held() + storage.total_load();
    sample.values[in_flight] = static_cast<double>(storage_in_flight);
  };
}

}  // namespace opgsim::engine
