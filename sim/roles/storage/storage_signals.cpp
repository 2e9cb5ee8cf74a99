// The storage role's window signals (see role_runtime.hpp): up_storage and storage_in_flight
// (transfers at nodes, on their way or held while no node is up) from the directory, and
// storage_backlog (transfers a client's throughput cap holds back) from the nodes, read only.
#include "sim/roles/role_registry.hpp"
#include "sim/roles/storage/storage_node.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler storage_signals(std::vector<const StorageNode*> nodes) {
  const std::size_t up = signal_slot("up_storage"), in_flight = signal_slot("storage_in_flight"),
                    backlog = signal_slot("storage_backlog");
  return [up, in_flight, backlog, nodes = std::move(nodes)](const World& world, analysis::RunMetrics::WindowSample& sample,
                                                            double, double) {
    const RoleDirectory& storage = world.directory(faults::Role::Storage);
    sample.values[up] = available_nodes(world, storage);
    const std::uint64_t storage_in_flight = world.sender(Service::Store).held() + storage.total_load();
    sample.values[in_flight] = static_cast<double>(storage_in_flight);
    std::size_t capped = 0;
    for (const StorageNode* node : nodes) capped += node->capped();
    sample.values[backlog] = static_cast<double>(capped);
  };
}

}  // namespace opgsim::engine
