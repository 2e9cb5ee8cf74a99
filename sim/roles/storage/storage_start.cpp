// How a run starts the storage role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "sim/roles/storage/storage_node.hpp"
#include "sim/roles/storage/storage_senders.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleSampler storage_signals(std::vector<const StorageNode*> nodes);  // storage_signals.cpp

namespace {

RoleRun start_storage(RoleStart& start) {
  auto senders = std::make_shared<StorageSenders>(start.world);
  start.world.provide(Service::LoadWeights, &senders->load);
  start.world.provide(Service::Store, &senders->store);
  auto nodes = start_nodes<StorageNode>(start, faults::Role::Storage, start.world.directory(faults::Role::Storage));
  std::vector<const StorageNode*> view;
  for (const auto& n : *nodes) view.push_back(n.get());
  return {std::move(nodes), storage_signals(std::move(view)), senders, {}};
}

}  // namespace

// The runtime entry of the storage role (sim/roles/role_runtime.hpp).
RoleRuntime storage_role_runtime() { return {faults::Role::Storage, &start_storage, 3}; }

}  // namespace opgsim::engine
