// What the Economy needs from whatever drives it, and nothing more: the clock, the number of
// clients the request rate is shared by, control messages to nodes (an operator leaves or joins),
// the stakes the router reads, waking the clients after the rate changed, the fee of a request in
// the pool (x402 escrow) and the count of actor activations. The request-level engine implements
// it over the World (economy_world_host.hpp, a SimGrid actor); the long-horizon mode implements it
// without SimGrid (sim/horizon/), so the same Economy steps both, and a unit test can drive it
// with a fake host.
#pragma once

#include <cstddef>
#include <cstdint>

#include "models/economy/ledger.hpp"
#include "sim/engine/request.hpp"

namespace opgsim::engine {

class EconomyHost {
public:
  virtual ~EconomyHost() = default;
  virtual double now() const = 0;
  virtual std::size_t clients() const = 0;
  // Routed node `node` (an operator's), or node `node` of another role (registry index), leaves
  // or joins the network.
  virtual void control_operator(std::uint32_t node, ControlMessage::Op op) = 0;
  virtual void control(std::size_t role, std::uint32_t node, ControlMessage::Op op) = 0;
  // The routed role's node i now has `opg` staked (the router's stake-weighted views read it).
  virtual void publish_stake(std::uint32_t node, double opg) = 0;
  // The request rate changed: every client redraws its next arrival.
  virtual void wake_clients() = 0;
  // x402 escrow: the request in pool slot `slot` learns the fee its held shares come from.
  virtual void set_escrow_fee(std::uint32_t slot, economy::Amount paid) = 0;
};

}  // namespace opgsim::engine
