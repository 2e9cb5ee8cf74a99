// The x402 payment chain (economy.payments.type x402) as a service of its own: it owns the
// facilitator's queue of computed charges (models/economy/x402_payments.hpp's PaymentChain), the
// chain's block cadence and its outages (faults payment_chain_down / payment_chain_up). It is one
// daemon actor that sleeps until the next block while charges wait, or until its next outage
// event, and is woken when a charge arrives while it is idle: no per-request timers, no scans.
// The economy hands it charges (with who earned each share) and reads its state; each block's
// charges go back to the economy, which moves the tokens.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include <simgrid/s4u.hpp>

#include "models/economy/x402_payments.hpp"
#include "models/faults/fault_schedule.hpp"
#include "sim/roles/role_list.hpp"

namespace opgsim::engine {

namespace sg4 = simgrid::s4u;
class Economy;
class World;

class PaymentService {
public:
  // The node of each role (by role index) that earned its share of a charge; -1: none yet.
  using Earners = std::array<std::int64_t, kNodeRoleCount>;

  explicit PaymentService(const economy::X402Config& cfg) : chain_(cfg) {}

  // The 402 handshake (see PaymentChain::authorize).
  bool authorize(economy::Amount spendable) const { return chain_.authorize(spendable); }
  // A charge computed at `now`: it lands in the next block (the first after the outage, if any).
  // Returns its number (charges are numbered from 0 in order; they land in that order).
  std::uint64_t charge(const economy::Charge& c, const Earners& earners, double now);
  // The earners of charge `seq` while it waits (they may still change: a role served the request
  // before its charge landed); nullptr once it has landed. O(1): the queue is in number order.
  Earners* pending_earners(std::uint64_t seq) {
    const std::uint64_t front = chain_.settled_count();
    return seq >= front && seq - front < earners_.size() ? &earners_[seq - front] : nullptr;
  }
  // The actor: blocks and the listed outages, in time order.
  void run(Economy& economy, World& world, std::vector<faults::FaultEvent> outages);

  const economy::PaymentChain& chain() const { return chain_; }
  double latency_sum_s() const { return latency_sum_s_; }
  double latency_max_s() const { return latency_max_s_; }
  std::uint64_t outages() const { return outages_; }

private:
  economy::PaymentChain chain_;
  std::deque<Earners> earners_;  // in step with chain_'s queue (both FIFO)
  std::vector<economy::Charge> block_;
  std::vector<Earners> block_earners_;  // block_'s earners
  double next_block_ = std::numeric_limits<double>::infinity();  // while charges wait and the chain is up
  double latency_sum_s_ = 0, latency_max_s_ = 0;
  std::uint64_t outages_ = 0;
  sg4::ConditionVariablePtr wake_;  // notified when a charge arrives while the actor is idle
};

}  // namespace opgsim::engine
