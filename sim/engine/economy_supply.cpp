// The economy's supply and staking (see economy.hpp): the allocation's buckets in the ledger, the
// staking rewards they pay (or that are minted), holders' stake delegated to the staking nodes
// and its drift toward higher yield, and the operator that a slash leaves below the minimum
// stake. Kept apart from economy.cpp (fees, operators, users) because it is its own model family:
// models/economy/{allocation,vesting,bucket_book,delegation}.
#include "sim/engine/economy.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/output/accounts_columns.hpp"
#include "models/common/input_error.hpp"
#include "models/economy/delegation.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using economy::AccountId;
using economy::AccountKind;
using economy::Amount;
using economy::BucketPurpose;
using economy::opg_to_units;

// Genesis: the whole supply leaves the treasury for the buckets; the ecosystem buckets' TGE
// share comes back to it (the treasury pays genesis stakes and sells users their tokens).
void Economy::open_allocation() {
  if (spec_.allocation.empty()) return;
  buckets_.emplace(ledger_, economy::Allocation(ledger_.initial_supply(), spec_.allocation));
}

// The amm pool's OPG seed: out of the liquidity bucket's TGE unlock when the allocation has one
// (notes §2: liquidity 6 %, all at TGE), else out of the treasury. The scenario rules check the
// liquidity bucket covers it; a treasury that cannot (an allocation without a liquidity bucket
// whose ecosystem TGE unlock is smaller) is an input error here.
void Economy::seed_market() {
  if (!market_.amm()) return;
  const Amount seed = market_.seed_units();
  const std::ptrdiff_t liquidity = buckets_ ? buckets_->allocation().find(BucketPurpose::Liquidity) : -1;
  Amount moved = 0;
  if (liquidity >= 0) {
    moved = buckets_->spend(ledger_, static_cast<std::size_t>(liquidity), market_.account(), seed);
  } else {
    moved = std::min(seed, ledger_.balance(ledger_.treasury()));
    ledger_.transfer(ledger_.treasury(), market_.account(), moved);
  }
  if (moved < seed)
    throw InputError(fmt::format("{}: economy.price.market.opg: the pool's seed ({} OPG) is more than the {} holds at "
                                 "genesis ({} OPG)",
                                 world_.scenario.file, economy::units_to_opg(seed),
                                 liquidity >= 0 ? "liquidity bucket" : "treasury", economy::units_to_opg(moved)));
}

// Up to `amount` from the holder buckets' unlocked tokens, in bucket order (from the treasury
// when there are no buckets). Returns what it moved to `to`.
Amount Economy::draw_from_holders(AccountId to, Amount amount) {
  if (!buckets_) {
    const Amount moved = std::min(amount, ledger_.balance(ledger_.treasury()));
    ledger_.transfer(ledger_.treasury(), to, moved);
    return moved;
  }
  Amount moved = 0;
  for (std::size_t i = 0; i < buckets_->size() && moved < amount; ++i)
    if (buckets_->allocation().bucket(i).purpose == BucketPurpose::Holders)
      moved += buckets_->spend(ledger_, i, to, amount - moved);
  return moved;
}

// One Delegator account per staking node (every role with a stake, registry order); the
// genesis delegation is split evenly over the nodes staked at genesis.
void Economy::open_delegation() {
  for (const NodeRole& role : node_roles())
    for (const AccountId node : accounts_[role.index()]) {
      const auto k = static_cast<std::uint32_t>(targets_.size());
      targets_.push_back({node, ledger_.open(AccountKind::Delegator, k)});
    }
  target_of_.assign(ledger_.accounts(), -1);
  for (std::size_t k = 0; k < targets_.size(); ++k) target_of_[targets_[k].node] = static_cast<std::int32_t>(k);
  target_gross_.assign(targets_.size(), 0);
  delegated_.assign(targets_.size(), 0);
  target_yield_.assign(targets_.size(), 0);
  std::vector<Amount> weights(targets_.size()), parts(targets_.size());
  for (std::size_t k = 0; k < targets_.size(); ++k) weights[k] = ledger_.staked(targets_[k].node) > 0 ? 1 : 0;
  if (!economy::pro_rata(opg_to_units(spec_.delegated_opg), weights, parts)) return;
  for (std::size_t k = 0; k < targets_.size(); ++k) {
    const Amount got = draw_from_holders(targets_[k].delegator, parts[k]);
    ledger_.stake(targets_[k].delegator, got);
  }
}

// What the epoch may pay of the schedule's `emitted`: all of it when minted; from the bucket,
// at most what it has unlocked and not paid (nothing without a staking-rewards bucket).
Amount Economy::rewards_available(Amount emitted) const {
  if (spec_.emissions.source == economy::EmissionConfig::Source::Mint) return emitted;
  if (!buckets_ || buckets_->staking() < 0) return 0;
  return std::min(emitted, buckets_->available(static_cast<std::size_t>(buckets_->staking())));
}

void Economy::pay_reward(AccountId to, Amount amount) {
  if (spec_.emissions.source == economy::EmissionConfig::Source::Mint) {
    ledger_.mint(to, amount);
    return;
  }
  buckets_->spend(ledger_, static_cast<std::size_t>(buckets_->staking()), to, amount);
}

// parts_ (by account) before they are paid. The work part (by_stake false) was weighted by the
// fees a node earned: its delegators get their stake's share of it. The stake part already paid
// each delegator account by its stake. Either way the node keeps `commission` of what its
// delegators get. Exact: what one account loses another gains.
void Economy::split_with_delegators(bool by_stake) {
  const double commission = spec_.delegation_commission;
  for (std::size_t k = 0; k < targets_.size(); ++k) {
    const Target& t = targets_[k];
    const Amount own = ledger_.staked(t.node), delegated = ledger_.staked(t.delegator);
    target_gross_[k] += parts_[t.node] + parts_[t.delegator];
    Amount to_delegators = parts_[t.delegator];
    if (!by_stake && parts_[t.node] > 0 && delegated > 0) {
      to_delegators = static_cast<Amount>(static_cast<__int128_t>(parts_[t.node]) * delegated / (own + delegated));
      parts_[t.node] -= to_delegators;
      parts_[t.delegator] += to_delegators;
    }
    const auto keep = static_cast<Amount>(std::floor(static_cast<long double>(to_delegators) * commission));
    parts_[t.delegator] -= keep;
    parts_[t.node] += keep;
  }
}

// Delegators move toward the nodes that paid more per staked token this epoch (the rewards a
// delegated token got, less commission); the stake moves at once (a redelegation, no unbonding).
void Economy::rebalance_delegation(double epoch_s) {
  if (targets_.empty()) return;
  const double step = economy::delegation_step(spec_.delegation, epoch_s);
  for (std::size_t k = 0; k < targets_.size(); ++k) {
    const Target& t = targets_[k];
    const Amount stake = ledger_.staked(t.node) + ledger_.staked(t.delegator);
    target_yield_[k] = ledger_.staked(t.node) > 0 && stake > 0
                           ? static_cast<double>(target_gross_[k]) / static_cast<double>(stake) * (1 - spec_.delegation_commission)
                           : 0.0;
    delegated_[k] = ledger_.staked(t.delegator);
    target_gross_[k] = 0;
  }
  if (step <= 0) return;
  const Amount moved = economy::rebalance_delegation(delegated_, target_yield_, step);
  if (moved == 0) return;
  event(host_.now(), "delegation_moved", -1, moved, fmt::format("step={:.6g}", step));
  // Pair the givers with the receivers, in target order.
  std::size_t r = 0;
  for (std::size_t g = 0; g < targets_.size(); ++g) {
    Amount give = ledger_.staked(targets_[g].delegator) - delegated_[g];
    while (give > 0) {
      while (ledger_.staked(targets_[r].delegator) >= delegated_[r]) ++r;
      const Amount take = std::min(give, delegated_[r] - ledger_.staked(targets_[r].delegator));
      ledger_.restake(targets_[g].delegator, targets_[r].delegator, take);
      give -= take;
    }
  }
}

// An operator slashed below the minimum stake stops serving now: its node leaves (the same
// control message as a leave; its in-flight work fails as in a crash) and its stake unbonds.
void Economy::leave_under_stake(std::uint32_t op, double now) {
  if (!operator_active(op)) return;
  operators_.force_leave(op);
  ++forced_out_;
  deactivate(op);
  const AccountId acct = operator_acct()[op];
  event(now, "forced_out", acct, ledger_.staked(acct),
        fmt::format("min_stake_units={}", opg_to_units(spec_.min_stake_opg)));
  if (ledger_.staked(acct) > 0) ledger_.unstake(acct, ledger_.staked(acct), now);
}

void Economy::event(double t, const char* kind, std::int64_t account, Amount amount, const std::string& details) {
  analysis::output::EventRow row;
  row.t_s = t;
  row.kind = kind;
  if (account >= 0) row.account = ledger_.name(static_cast<AccountId>(account));
  row.amount_units = amount;
  row.details = details;
  analysis::output::events_table().append_row(events_csv_, row, {});
}

// A bucket that finished unlocking, and the staking-rewards bucket once it has paid its last unit.
void Economy::bucket_events(double t) {
  bucket_done_.resize(buckets_->size(), false);
  for (std::size_t i = 0; i < buckets_->size(); ++i) {
    if (bucket_done_[i] || buckets_->unlocked(i) < buckets_->allocation().amount(i)) continue;
    bucket_done_[i] = true;
    event(t, "bucket_unlocked", buckets_->account(i), buckets_->allocation().amount(i),
          fmt::format("bucket={}", buckets_->allocation().bucket(i).name));
  }
  if (!rewards_empty_ && buckets_->staking() >= 0 && rewards_bucket() == 0 &&
      spec_.emissions.source == economy::EmissionConfig::Source::Bucket) {
    rewards_empty_ = true;
    event(t, "rewards_bucket_empty", buckets_->account(static_cast<std::size_t>(buckets_->staking())), 0,
          "rewards=stopped");
  }
}

void Economy::write_accounts(double t) {
  analysis::output::AccountRow row;
  row.t_end_s = t;
  for (AccountId a = 0; a < ledger_.accounts(); ++a) {
    row.account = ledger_.name(a);
    row.kind = economy::kind_name(ledger_.kind(a));
    row.index = ledger_.index(a);
    row.label.clear();
    if (ledger_.kind(a) == AccountKind::Bucket) row.label = buckets_->allocation().bucket(ledger_.index(a)).name;
    if (ledger_.kind(a) == AccountKind::Delegator) row.label = ledger_.name(targets_[ledger_.index(a)].node);
    row.balance_units = ledger_.balance(a);
    row.staked_units = ledger_.staked(a);
    row.unbonding_units = ledger_.unbonding(a);
    analysis::output::accounts_table().append_row(accounts_csv_, row, {});
  }
}

Amount Economy::delegated_total() const {
  Amount sum = 0;
  for (const Target& t : targets_) sum += ledger_.staked(t.delegator);
  return sum;
}

Amount Economy::rewards_bucket() const {
  if (!buckets_ || buckets_->staking() < 0) return 0;
  return ledger_.balance(buckets_->account(static_cast<std::size_t>(buckets_->staking())));
}

Amount Economy::locked_total() const {
  if (!buckets_) return 0;
  Amount sum = 0;
  for (std::size_t i = 0; i < buckets_->size(); ++i) sum += buckets_->allocation().amount(i) - buckets_->unlocked(i);
  return sum;
}

}  // namespace opgsim::engine
