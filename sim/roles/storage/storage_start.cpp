// How a run starts the storage role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "sim/roles/storage/storage_node.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleRun start_storage(RoleStart& start) {
  return {start_nodes<StorageNode>(start, faults::Role::Storage, start.world.storage), storage_signals()};
}

}  // namespace opgsim::engine
