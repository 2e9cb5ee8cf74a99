// How a run starts the data role (its registry line, sim/roles/role_runtime.hpp): one actor per node,
// and in push mode the on-chain feed they read.
#include "sim/roles/data/data_node.hpp"
#include "sim/roles/data/fetch_sender.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleSampler data_signals();  // data_signals.cpp

namespace {

RoleRun start_data(RoleStart& start) {
  const Scenario& s = start.world.scenario;
  // Push mode: the on-chain feed the data nodes read.
  if (s.roles.data.count > 0 && s.roles.data.mode == DataRoleSpec::Mode::Push)
    start.world.feed.emplace(s.roles.data.push, Rng::stream(s.seed, "data.feed"));
  auto sender = std::make_shared<FetchSender>(start.world);
  start.world.provide(Service::Fetch, sender.get());
  return {start_nodes<DataNode>(start, faults::Role::Data, start.world.directory(faults::Role::Data)), data_signals(),
          sender, {}};
}

}  // namespace

// The runtime entry of the data role (sim/roles/role_runtime.hpp).
RoleRuntime data_role_runtime() { return {faults::Role::Data, &start_data, 2}; }

}  // namespace opgsim::engine
