// The settlement chain actor (see settlement_chain.hpp).
#include "sim/roles/validator/settlement_chain.hpp"

#include <algorithm>
#include <limits>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "models/economy/fees.hpp"
#include "sim/engine/economy.hpp"
#include "sim/engine/inbox.hpp"

namespace opgsim::engine {

namespace {
chain::ConsensusConfig consensus_config(const Scenario& s) {
  chain::ConsensusConfig c = s.roles.validator.consensus;
  c.validators = s.roles.validator.count;
  return c;
}
}  // namespace

SettlementChain::SettlementChain(World& world, sg4::Mailbox* mailbox, faults::FaultTimeline validator_faults)
    : world_(world),
      mailbox_(mailbox),
      consensus_(consensus_config(world.scenario), Rng::stream(world.scenario.seed, "chain.consensus")),
      batcher_(world.scenario.roles.validator.settlement),
      builder_(world.scenario.roles.validator.fee_market.gas_limit,
               chain::max_settlement_gas(world.scenario.roles.validator.settlement)),
      fees_(world.scenario.roles.validator.fee_market),
      crashed_(world.scenario.roles.validator.count, 0),
      left_(world.scenario.roles.validator.count, 0),
      jailed_until_(world.scenario.roles.validator.count, 0.0),
      signed_(world.scenario.roles.validator.count, 0),
      validator_faults_(std::move(validator_faults)) {}

double SettlementChain::next_wake() const {
  double next = std::min(consensus_.next_commit_time(), batcher_.next_deadline());
  if (!challenged_.empty()) next = std::min(next, challenged_.top().ready);
  return std::min(next, next_jail_release());
}

double SettlementChain::next_jail_release() const {
  double next = std::numeric_limits<double>::infinity();
  for (double until : jailed_until_)
    if (until > 0) next = std::min(next, until);
  return next;
}

void SettlementChain::operator()() {
  Inbox inbox(mailbox_);
  while (true) {
    Message* m = inbox.receive_until(std::min(next_wake(), validator_faults_.next_time()));
    const double now = sg4::Engine::get_clock();
    ++world_.events;
    validator_faults_.apply_due(now, [&](const faults::FaultEvent& e) { apply_fault(e, now); });
    if (m != nullptr && m->kind == MessageKind::Settle) accept(static_cast<Request*>(m), now);
    if (m != nullptr && m->kind == MessageKind::Control) operator_control(static_cast<ControlMessage*>(m), now);
    advance(now);
  }
}

// zk_crv results may settle only once their challenge window (from the proof) has passed.
void SettlementChain::accept(Request* r, double now) {
  const double ready = r->times.proof_done + r->challenge_s;
  if (ready > now) {
    challenged_.push({ready, challenge_order_++, r});
    return;
  }
  add_item(r, now);
}

void SettlementChain::add_item(Request* r, double now) {
  ++pending_items_;
  // Its class's on-chain verification gas (roles.validator.settlement.verify_gas_per_class; 0 when off).
  const auto mode = static_cast<std::size_t>(world_.scenario.workload.classes[r->class_index].verification);
  const std::uint64_t gas = chain::item_verify_gas(batcher_.config(), mode);
  if (auto batch = batcher_.add(r->slot, now, gas)) builder_.submit(std::move(*batch));
}

// Everything due at `now`, in causal order: challenge windows that ended, batches whose idle or
// age limit passed (they reach the mempool before a block at the same instant), then commits.
void SettlementChain::advance(double now) {
  while (!challenged_.empty() && challenged_.top().ready <= now) {
    Request* r = challenged_.top().request;
    challenged_.pop();
    add_item(r, now);
  }
  if (auto batch = batcher_.flush_due(now)) builder_.submit(std::move(*batch));
  commit_due(now);
}

// Commits and jail releases due by `now`, in time order.
void SettlementChain::commit_due(double now) {
  while (true) {
    const double release = next_jail_release();
    const double commit_at = consensus_.next_commit_time();
    if (std::min(release, commit_at) > now) return;
    if (release <= commit_at) {
      for (std::uint32_t v = 0; v < jailed_until_.size(); ++v)
        if (jailed_until_[v] > 0 && jailed_until_[v] <= release) {
          jailed_until_[v] = 0;
          set_effective(v, release);
        }
      continue;
    }
    commit_block(now);
  }
}

void SettlementChain::commit_block(double now) {
  const std::uint64_t base_fee = fees_.base_fee_wei();  // what this block's transactions pay per gas
  const chain::BlockCommit commit = consensus_.commit();
  const chain::BlockContents block = builder_.build();
  fees_.on_block(block.gas_used);
  ++blocks_;
  gas_fraction_sum_ += static_cast<double>(block.gas_used) / static_cast<double>(builder_.gas_limit());
  for (const chain::Batch& tx : block.txs) {
    ++txs_;
    // Each item pays an equal share of its transaction's base fee, rounded down.
    const economy::Amount share =
        economy::wei_to_units(static_cast<__uint128_t>(tx.gas) * base_fee) / static_cast<economy::Amount>(tx.items.size());
    for (std::uint64_t slot : tx.items) {
      Request& r = world_.pool.at(static_cast<std::uint32_t>(slot));
      --pending_items_;
      ++items_;
      r.times.settled = commit.commit_time;
      r.proposer = commit.proposer;
      r.gas_fee_units = share;
      world_.stage_done(&r, lifecycle::Stage::Settle, now, -1);
    }
  }
  if (world_.economy == nullptr) return;
  // Liveness: a validator signs the blocks it is up for; too many missed ones jail it.
  // (One whose operator left is out of the set: it owes no signatures.)
  for (std::uint32_t v = 0; v < signed_.size(); ++v) signed_[v] = consensus_.is_up(v) || left_[v] != 0 ? 1 : 0;
  jailed_.clear();
  world_.economy->on_block(signed_, commit.commit_time, jailed_);
  for (std::uint32_t v : jailed_) {
    jailed_until_[v] = commit.commit_time + world_.scenario.economy.downtime.jail_s;
    set_effective(v, commit.commit_time);
  }
}

void SettlementChain::update_validator(std::uint32_t v, double now) {
  advance(now);  // heights due at this instant commit under the old validator set
  set_effective(v, now);
}

// A validator's operator left (it stops voting and proposing, as if crashed, until its operator
// joins again) or joined.
void SettlementChain::operator_control(ControlMessage* c, double now) {
  left_[c->node] = c->op == ControlMessage::Op::Leave ? 1 : 0;
  update_validator(c->node, now);
  world_.free_control(c);
}

// A validator votes when its operator is in, it is not crashed, not cut off and not jailed.
void SettlementChain::set_effective(std::uint32_t v, double now) {
  const bool up = left_[v] == 0 && crashed_[v] == 0 && !world_.region_cut(world_.hosts.role(faults::Role::Validator).regions[v]) && jailed_until_[v] == 0;
  if (up != consensus_.is_up(v)) consensus_.set_up(v, up, now);
}

void SettlementChain::apply_fault(const faults::FaultEvent& e, double now) {
  using faults::FaultKind;
  const std::uint32_t v = e.target.index;
  if (e.kind == FaultKind::Crash || e.kind == FaultKind::Recover) set_crashed(v, e.kind == FaultKind::Crash, now);
  if (e.kind == FaultKind::SlowStart || e.kind == FaultKind::SlowEnd) set_slow(v, e.kind == FaultKind::SlowStart, now);
}

void SettlementChain::set_crashed(std::uint32_t v, bool crashed, double now) {
  crashed_[v] = crashed ? 1 : 0;
  update_validator(v, now);
}

void SettlementChain::set_slow(std::uint32_t v, bool slow, double now) {
  advance(now);
  consensus_.set_faulty(v, slow, now);
}

void SettlementChain::on_reachability_changed(double now) {
  for (std::uint32_t v = 0; v < crashed_.size(); ++v) update_validator(v, now);
  send(mailbox_, &wake_, 0);
}

nlohmann::json SettlementChain::summary() const {
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "chain");
  j.set("blocks", blocks_);
  j.set("failed_rounds", consensus_.failed_rounds());
  j.set("settlement_txs", txs_);
  j.set("settled_items", items_);
  j.set("gas_used_fraction_mean", blocks_ > 0 ? gas_fraction_sum_ / static_cast<double>(blocks_) : 0.0);
  j.set("base_fee_wei_end", fees_.base_fee_wei());
  j.set("pending_items_end", pending_items());
  return j.take();
}

}  // namespace opgsim::engine
