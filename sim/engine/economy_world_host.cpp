// The request-level engine's EconomyHost (see economy_world_host.hpp).
#include "sim/engine/economy_world_host.hpp"

#include <cmath>

#include <simgrid/s4u.hpp>

#include "sim/engine/inbox.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

double WorldEconomyHost::now() const { return sg4::Engine::get_clock(); }

// The decision reaches the node (the routed role's through its mailbox; another role's node or
// the actor that holds the role's nodes: RoleRuntime's control_target) as a message over the
// network, from the host the economy's actor runs on.
void WorldEconomyHost::control_operator(std::uint32_t node, ControlMessage::Op op) {
  world_.post(world_.node_mailboxes[node], world_.node_region(node), world_.hosts.client_region[0],
              world_.make_control(op), world_.control_bytes());
}

void WorldEconomyHost::control(std::size_t role, std::uint32_t node, ControlMessage::Op op) {
  for (const RoleRuntime& rt : role_runtimes()) {
    if (static_cast<std::size_t>(rt.id) != role) continue;
    const ControlTarget to = rt.control_target != nullptr ? rt.control_target(world_, node)
                                                          : default_control_target(world_, rt.id, node);
    world_.post(to.mailbox, to.region, world_.hosts.client_region[0], world_.make_control(op, node),
                world_.control_bytes());
  }
}

void WorldEconomyHost::wake_clients() {
  for (std::size_t k = 0; k < world_.client_mailboxes.size(); ++k) send(world_.client_mailboxes[k], &wake_, 0);
}

void WorldEconomyHost::run(Economy& economy) {
  economy.start();
  for (double next = economy.next_wakeup(); std::isfinite(next); next = economy.next_wakeup()) {
    sg4::this_actor::sleep_until(next);
    ++world_.events;
    economy.advance(sg4::Engine::get_clock());
  }
}

}  // namespace opgsim::engine
