// The validator role as one actor: the settlement chain. Validators do not exchange simulated
// messages; what their consensus does to timing is in models/chain/consensus.hpp (CometBFT-like
// rounds, a faulty proposer costs a timeout, no progress while a third or more are down), so
// one actor on the first validator's host holds the chain's state for all of them: the
// facilitator's settlement batcher, the mempool and block builder, the EIP-1559 fee market.
// Verified requests arrive here (zk_crv ones wait out their challenge window first), become
// settlement transactions (per request or batched), and are settled when a block that includes
// them commits: that ends their life (finality). With an economy, each block also feeds the
// validators' liveness record; a validator that misses too many blocks is jailed (does not vote)
// for economy.downtime.jail_s.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "models/chain/block_builder.hpp"
#include "models/chain/consensus.hpp"
#include "models/chain/fee_market.hpp"
#include "models/chain/settlement_batcher.hpp"
#include "models/faults/fault_timeline.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class SettlementChain final : public World::ReachabilityListener {
public:
  // mailbox: where settlements reach the chain. validator_faults: the validators' own fault
  // events (crash, recover, slow), in time order.
  SettlementChain(World& world, sg4::Mailbox* mailbox, faults::FaultTimeline validator_faults);
  void operator()();

  // A region was cut off or restored: the chain, as the listener it registered, updates its
  // validator set at that instant and wakes its own actor (its next commit may have moved).
  void on_reachability_changed(double now) override;

  std::uint32_t validators_up() const { return consensus_.up_count(); }
  std::uint64_t pending_items() const { return pending_items_ + challenged_.size(); }
  std::uint64_t blocks() const { return blocks_; }
  double base_fee_gwei() const { return static_cast<double>(fees_.base_fee_wei()) / 1e9; }
  nlohmann::json summary() const;

private:
  void accept(Request* r, double now);
  void add_item(Request* r, double now);
  void advance(double now);
  void commit_due(double now);
  void commit_block(double now);
  // Validator faults, applied by the chain's own loop at their times: a crashed or cut-off
  // validator does not vote; a slow one fails its proposals.
  void apply_fault(const faults::FaultEvent& e, double now);
  void set_crashed(std::uint32_t validator, bool crashed, double now);
  void operator_control(ControlMessage* c, double now);
  void set_slow(std::uint32_t validator, bool slow, double now);
  void update_validator(std::uint32_t v, double now);
  void set_effective(std::uint32_t v, double now);
  double next_wake() const;
  double next_jail_release() const;

  struct Challenge {
    double ready;
    std::uint64_t order;
    Request* request;
    bool operator>(const Challenge& o) const { return ready != o.ready ? ready > o.ready : order > o.order; }
  };
  World& world_;
  sg4::Mailbox* mailbox_;
  chain::ConsensusState consensus_;
  chain::SettlementBatcher batcher_;
  chain::BlockBuilder builder_;
  chain::FeeMarket fees_;
  std::priority_queue<Challenge, std::vector<Challenge>, std::greater<>> challenged_;
  std::uint64_t challenge_order_ = 0;
  std::vector<std::uint8_t> crashed_;
  std::vector<std::uint8_t> left_;  // its operator left the network (economy.roles.validator.decide)
  std::vector<double> jailed_until_;   // 0: not jailed (economy: downtime jailing)
  std::vector<std::uint8_t> signed_;
  std::vector<std::uint32_t> jailed_;
  std::uint64_t pending_items_ = 0;  // in the batcher's buffer or the mempool
  std::uint64_t blocks_ = 0, txs_ = 0, items_ = 0;
  double gas_fraction_sum_ = 0;
  Message wake_{MessageKind::Wake};
  faults::FaultTimeline validator_faults_;
};

}  // namespace opgsim::engine
