// The start-up recipe the helper roles share (data, verifier, storage, prover): each node gets
// a directory entry (its mailbox "<prefix>-<i>" and its region) and an actor "<prefix>-<i>" on
// its host, with its own fault timeline. The returned object owns the nodes for the run.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/faults/fault_timeline.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

template <class Node>
std::shared_ptr<std::vector<std::unique_ptr<Node>>> start_nodes(RoleStart& start, faults::Role id,
                                                                RoleDirectory& directory) {
  std::string_view prefix;
  for (const NodeRole& role : node_roles())
    if (role.id == id) prefix = role.host_prefix;
  const RoleHosts& hosts = start.world.hosts.role(id);
  for (std::uint32_t i = 0; i < hosts.hosts.size(); ++i)
    directory.add(sg4::Mailbox::by_name(fmt::format("{}-{}", prefix, i)), hosts.regions[i]);
  std::vector<faults::FaultTimeline> timelines =
      faults::timelines_for(start.schedule, id, static_cast<std::uint32_t>(hosts.hosts.size()));
  auto nodes = std::make_shared<std::vector<std::unique_ptr<Node>>>();
  for (std::uint32_t i = 0; i < hosts.hosts.size(); ++i) {
    nodes->push_back(std::make_unique<Node>(start.world, i, std::move(timelines[i])));
    Node* node = nodes->back().get();
    const std::string name = fmt::format("{}-{}", prefix, i);
    sg4::Actor::create(name, hosts.hosts[i], guarded(name, [node] { (*node)(); }))->daemonize();
  }
  return nodes;
}

}  // namespace opgsim::engine
