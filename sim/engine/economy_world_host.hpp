// The request-level engine's side of the Economy (economy_host.hpp): the SimGrid clock, control
// messages posted over the network from the clients' first host, stakes published to the node
// directory, wake messages to the clients, the request pool; and the economy's actor, which
// sleeps until the Economy's next wakeup and advances it.
#pragma once

#include "sim/engine/economy.hpp"
#include "sim/engine/economy_host.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class WorldEconomyHost final : public EconomyHost {
public:
  explicit WorldEconomyHost(World& world) : world_(world) {}
  double now() const override;
  std::size_t clients() const override { return world_.client_mailboxes.size(); }
  void control_operator(std::uint32_t node, ControlMessage::Op op) override;
  void control(std::size_t role, std::uint32_t node, ControlMessage::Op op) override;
  void publish_stake(std::uint32_t node, double opg) override { world_.nodes.publish_stake(node, opg); }
  void wake_clients() override;
  void set_escrow_fee(std::uint32_t slot, economy::Amount paid) override { world_.pool.at(slot).escrow_fee = paid; }
  // The economy's actor.
  void run(Economy& economy);

private:
  World& world_;
  Message wake_{MessageKind::Wake};
};

}  // namespace opgsim::engine
