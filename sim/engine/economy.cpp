// The token economy of a run (see economy.hpp): its accounts, the request and block hooks and the
// epoch loop. Its outputs are filled in economy_outputs.cpp, each topic of its own in economy_<topic>.cpp.
#include "sim/engine/economy.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/output/accounts_columns.hpp"
#include "analysis/output/ledger_columns.hpp"
#include "sim/engine/external_policy.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

using analysis::Outcome;
using economy::AccountKind;
using economy::Amount;
using economy::opg_to_units;

namespace {
// The role whose nodes serve `service` (its index), or the routed role's when none does (then
// its account table is never read for it).
std::size_t role_index(Service service) {
  const NodeRole* role = role_serving(service);
  return role != nullptr ? role->index() : routed_role().index();
}

std::uint32_t cost_units(const Scenario& s) {
  const RoleEconomy& re = routed_role().economy;
  return re.cost_units != nullptr ? re.cost_units(s) : 1;
}
}  // namespace

Economy::Economy(const Scenario& scenario, EconomyHost& host)
    : world_{scenario},
      host_(host),
      spec_(scenario.economy),
      routed_(routed_role().index()),
      settle_(role_index(Service::Settle)),
      ledger_(opg_to_units(spec_.initial_supply_opg), spec_.unbonding_s),
      market_(spec_.price, ledger_),
      fees_(spec_.fees),
      slash_invalid_fraction_(spec_.slash_invalid_fraction),
      emissions_(spec_.emissions),
      liveness_(spec_.downtime, node_roles()[settle_].count(scenario)),
      operators_(spec_.operators, node_roles()[routed_].count(scenario),
                 spec_.initially_active.value_or(node_roles()[routed_].count(scenario)),
                 cost_units(scenario)),
      users_(spec_.users, Rng::stream(scenario.seed, "economy.users")),
      payments_(spec_.payments.type == economy::PaymentsConfig::Type::X402
                    ? std::make_unique<PaymentService>(spec_.payments.x402)
                    : nullptr) {
  const Scenario& s = scenario;
  const std::uint32_t deciding = node_roles()[routed_].count(s);
  // Each operator's cost multiplier: lognormal with mean 1, its own random stream.
  std::vector<double> cost(deciding);
  const double sigma = spec_.operators.cost_spread;
  for (std::uint32_t i = 0; i < deciding; ++i) {
    Rng rng = Rng::stream(s.seed, "economy.operator_cost", i);
    cost[i] = std::exp(sigma * rng.normal() - sigma * sigma / 2);
  }
  operators_.set_cost_multipliers(cost);
  // Nodes that differ (inference pools) pay their own hardware's price.
  if (const auto per_node = routed_role().economy.node_cost_usd_per_hour; per_node != nullptr)
    if (const std::vector<double> hourly = per_node(s, spec_.operators.gpu_cost_usd_per_hour); !hourly.empty())
      operators_.set_hourly_costs(hourly);
  // One account per node of every role with a stake, in registry order; the routed role's
  // operators stake when active (they may join later), every other node at genesis.
  for (const RoleRuntime& runtime : role_runtimes()) earner_[static_cast<std::size_t>(runtime.id)] = runtime.fee_earner;
  open_allocation();
  seed_market();
  const economy::AccountId treasury = ledger_.treasury();
  for (const NodeRole& role : node_roles()) {
    if (!opens_accounts(role)) continue;
    std::vector<economy::AccountId>& ids = accounts_[role.index()];
    const Amount stake = opg_to_units(spec_.stake_opg[role.index()]);
    for (std::uint32_t i = 0; i < role.count(s); ++i) {
      ids.push_back(ledger_.open(role.economy.account, i));
      if (role.routed && !operator_active(i)) continue;
      // As a joining operator's: no more than the treasury holds (thousands of validators can ask more).
      const Amount made = std::min(stake, ledger_.balance(treasury));
      ledger_.transfer(treasury, ids.back(), made);
      ledger_.stake(ids.back(), made);
    }
  }
  open_role_agents();
  open_delegation();
  open_policies();
  open_escrow();
  external_ = attached_policy_pipe();
  users_.add_arrivals(0, spec_.epoch_s);
  open_cohort_accounts();
  operator_revenue_.assign(deciding, 0);
  operator_epoch_.resize(deciding);
  demand_factor_ = demand_at(0, 1.0);
  epoch_end_ = std::min(spec_.epoch_s, s.duration_s);
  last_price_ = market_.price(0);
  ledger_ctx_ = ledger_context();
  for (const RoleAgents& a : agents_) ledger_ctx_.deciding_roles.emplace_back(node_roles()[a.role].name);
  csv_ = analysis::output::ledger_header(ledger_ctx_);
  accounts_csv_ = analysis::output::accounts_table().header({});
  events_csv_ = analysis::output::events_table().header({});
  if (buckets_) bucket_events(0);
  check_conservation();
}

double Economy::rate_per_client() const {
  return users_.request_rate() * demand_factor_ / static_cast<double>(host_.clients());
}

// New cohorts get an account funded with their users' budget (they buy tokens from the treasury,
// or from the pool with the amm market).
void Economy::open_cohort_accounts() {
  while (cohort_acct_.size() < users_.cohorts()) {
    const auto c = static_cast<std::uint32_t>(cohort_acct_.size());
    cohort_acct_.push_back(ledger_.open(AccountKind::User, c));
    const Amount budget = opg_to_units(spec_.user_budget_opg) * static_cast<Amount>(users_.cohort_active(c));
    if (market_.amm()) market_.buy(cohort_acct_.back(), budget);
    else ledger_.transfer(ledger_.treasury(), cohort_acct_.back(), std::min(budget, ledger_.balance(ledger_.treasury())));
    experience_.emplace_back();
  }
  earned_.resize(ledger_.accounts(), 0);
}

// What a payer can pay of `amount`: it tops up from the treasury (buys tokens; from the pool with
// the amm market) when short; if that cannot cover it either, the rest stays unpaid (counted,
// never negative).
Amount Economy::collect(economy::AccountId payer, Amount amount, Amount reserve) {
  const Amount short_by = amount - ledger_.balance(payer);
  if (short_by > 0 && market_.amm()) market_.buy(payer, short_by);
  else if (short_by > 0)
    ledger_.transfer(ledger_.treasury(), payer,
                     std::min(short_by, std::max<Amount>(0, ledger_.balance(ledger_.treasury()) - reserve)));
  const Amount paid = std::min(amount, ledger_.balance(payer));
  unpaid_fees_ += amount - paid;
  return paid;
}

void Economy::on_request_end(const Request& r, Outcome outcome, double now) {
  if (r.payment == Request::Payment::Authorized) ++x402_lapsed_;  // accepted, never charged: its authorization lapses
  if (escrow_) escrow_on_end(r, outcome);  // x402: the shares held for the roles that served it
  economy::CohortExperience& e = experience_[r.cohort];
  ++e.requests;
  if (outcome != Outcome::Completed) ++e.failed;
  else if (r.times.result - r.times.submit > spec_.users.tolerance_latency_s) ++e.slow;

  if (outcome == Outcome::Invalid) {  // verification rejected its result: no fee, its operator is slashed
    const Amount slashed = ledger_.slash_fraction(operator_acct()[r.node], slash_invalid_fraction_,
                                                  spec_.slash_destination);
    epoch_slashed_ += slashed;
    total_slashed_ += slashed;
    ++invalid_slashes_;
    event(now, "slash_invalid", operator_acct()[r.node], slashed,
          fmt::format("stake_left_units={}", ledger_.staked(operator_acct()[r.node])));
    // Below the minimum stake it stops serving at once.
    if (ledger_.staked(operator_acct()[r.node]) < opg_to_units(spec_.min_stake_opg)) leave_under_stake(r.node, now);
    publish_stakes();
    return;
  }
  if (outcome != Outcome::Completed) return;

  if (payments_) {  // x402: the usage fee was charged on the payment chain; the settlement's base fee is paid here
    const Amount gas = spec_.fees.pay_base_fee ? r.gas_fee_units : 0;
    if (gas == 0) return;
    const Amount paid = collect(cohort_acct_[r.cohort], gas);
    ledger_.burn(cohort_acct_[r.cohort], paid);  // EIP-1559 burns the base fee
    epoch_fees_ += paid;
    total_fees_ += paid;
    return;
  }
  const auto mode = world_.scenario.workload.classes[r.class_index].verification;
  const double price = market_.price(now);
  const Amount usage = economy::usage_fee(fees_, r.prompt_tokens, r.output_tokens, mode, price);
  const Amount gas = spec_.fees.pay_base_fee ? r.gas_fee_units : 0;
  const economy::AccountId payer = cohort_acct_[r.cohort];
  const Amount paid = collect(payer, usage + gas);
  const Amount gas_paid = std::min(gas, paid);
  ledger_.burn(payer, gas_paid);  // EIP-1559 burns the base fee
  PaymentService::Earners earners;
  for (const NodeRole& role : node_roles())
    earners[role.index()] = earner_[role.index()] != nullptr ? earner_[role.index()](r) : -1;
  pay_shares(payer, paid - gas_paid, earners);
  epoch_fees_ += paid;
  total_fees_ += paid;
}

// Each role's share to the node of it that earned it (RoleRuntime::fee_earner), in registry
// order; a share nobody of the role earned (no such node, or the request skipped it) goes to the
// treasury. Then the treasury's share, then the burn.
void Economy::pay_shares(economy::AccountId payer, Amount fee, const PaymentService::Earners& earners) {
  const economy::FeeSplit split = economy::split_fee(spec_.fees.shares, fee);
  const auto pay = [&](economy::AccountId to, Amount amount) {
    if (amount == 0) return;
    ledger_.transfer(payer, to, amount);
    earned_[to] += amount;
  };
  for (const NodeRole& role : node_roles()) {
    if (role.economy.share_part == nullptr) continue;
    const std::vector<economy::AccountId>& ids = accounts_[role.index()];
    const std::int64_t node = earners[role.index()];
    const bool earned = node >= 0 && static_cast<std::size_t>(node) < ids.size();
    const Amount part = split.*role.economy.share_part;
    if (node == kEscrowForRequest || node == kEscrowHeld) {  // x402: held until the role serves it
      if (part > 0) ledger_.transfer(payer, *escrow_, part);
      continue;
    }
    pay(earned ? ids[static_cast<std::size_t>(node)] : ledger_.treasury(), part);
    if (earned && role.routed) operator_revenue_[static_cast<std::size_t>(node)] += part;
  }
  pay(ledger_.treasury(), split.treasury);
  ledger_.burn(payer, split.burn);
}

void Economy::on_block(std::span<const std::uint8_t> signed_flags, double now, std::vector<std::uint32_t>& jailed) {
  const std::size_t before = jailed.size();
  liveness_.on_block(signed_flags, now, jailed);
  for (std::size_t k = before; k < jailed.size(); ++k) {
    const Amount slashed = ledger_.slash_fraction(accounts_[settle_][jailed[k]], spec_.downtime.slash_fraction,
                                                  spec_.slash_destination);
    epoch_slashed_ += slashed;
    total_slashed_ += slashed;
    ++downtime_slashes_;
    event(now, "slash_downtime", accounts_[settle_][jailed[k]], slashed, fmt::format("jailed_until_s={}", now + spec_.downtime.jail_s));
    role_under_stake(settle_, jailed[k], now);  // below its role's minimum it stops at once
  }
}

double Economy::next_wakeup() const {
  // Operators and users decide while requests arrive, up to duration_s (the last epoch may be
  // shorter); the drain's fees are closed by finish().
  if (epoch_start_ >= world_.scenario.duration_s) return std::numeric_limits<double>::infinity();
  return std::min(joins_.empty() ? epoch_end_ : std::min(epoch_end_, joins_.top().at), next_vote_end());
}

void Economy::advance(double now) {
  activate_joined(now);
  execute_proposals(now);
  if (now >= epoch_end_) {
    end_epoch(epoch_start_, epoch_end_, true);
    epoch_start_ = epoch_end_;
    epoch_end_ = std::min(epoch_end_ + spec_.epoch_s, world_.scenario.duration_s);
  }
}

void Economy::end_epoch(double t0, double t1, bool decide) {
  ledger_.release_unbonded(t1);
  if (buckets_) buckets_->unlock(ledger_, t1);
  pay_emissions(t0, t1);
  if (buckets_) bucket_events(t1);
  rebalance_delegation(t1 - t0);
  if (decide && market_.amm()) market_flows(t1 - t0);
  if (decide) sell_unlocked(t1 - t0);
  if (decide) fund_epoch(t0, t1);
  const double mean_profit = !decide ? 0.0 : external_ != nullptr ? external_decide(t1 - t0, t1) : operators_decide(t1 - t0, t1);
  if (decide) roles_decide(t1 - t0, t1);
  if (decide && users_on()) users_decide(t0, t1);
  if (decide) fund_users(t1);
  if (decide) governance_epoch(t1);
  check_conservation();
  write_row(t1, t1 - t0, mean_profit);
  write_accounts(t1);
  last_epoch_end_ = t1;
  epoch_fees_ = epoch_rewards_ = epoch_slashed_ = 0;
  std::fill(earned_.begin(), earned_.end(), 0);
  std::fill(operator_revenue_.begin(), operator_revenue_.end(), 0);
}

// The epoch's emission: work_share of it pro rata to the fees each staker earned, the rest pro
// rata to stake (a node's delegators share its work part by stake, less the node's commission).
// Paid from the staking-rewards bucket (at most what it has unlocked) or minted
// (economy.emissions.source). An epoch without fees pays the work share by stake too
// (economy.emissions.without_fees); no stake leaves the stake part unpaid.
void Economy::pay_emissions(double t0, double t1) {
  Amount emitted = emissions_.emitted(t0, t1, ledger_.total_staked());
  if (policy_.reward_multiplier != 1) emitted = economy::floor_units(static_cast<double>(emitted) * policy_.reward_multiplier);
  emitted = rewards_available(emitted);
  if (emitted == 0) return;
  auto work = static_cast<Amount>(std::floor(static_cast<long double>(emitted) * spec_.emissions.work_share));
  const std::size_t n = ledger_.accounts();
  weights_.assign(n, 0);
  parts_.assign(n, 0);
  if (!agents_.empty()) rewarded_.resize(n, 0);
  const auto pay_parts = [&](Amount total, bool by_stake) {
    if (total == 0 || !economy::pro_rata(total, weights_, parts_)) return;
    split_with_delegators(by_stake);
    for (economy::AccountId a = 0; a < n; ++a) {
      if (parts_[a] == 0) continue;
      pay_reward(a, parts_[a]);
      epoch_rewards_ += parts_[a];
      total_rewards_ += parts_[a];
      if (ledger_.kind(a) == AccountKind::Operator) operator_revenue_[ledger_.index(a)] += parts_[a];
      if (!agents_.empty()) rewarded_[a] += parts_[a];
    }
  };
  for (economy::AccountId a = 0; a < n; ++a) weights_[a] = ledger_.kind(a) == AccountKind::User ? 0 : earned_[a];
  weights_[ledger_.treasury()] = 0;
  if (work_unearned()) work = 0;  // nobody earned a fee: the stake takes it all (economy_work_share.cpp)
  pay_parts(work, false);
  // Stake delegated to a node that has none of its own (it left) earns nothing.
  for (economy::AccountId a = 0; a < n; ++a) weights_[a] = ledger_.staked(a);
  for (const Target& t : targets_)
    if (ledger_.staked(t.node) == 0) weights_[t.delegator] = 0;
  pay_parts(emitted - work, true);
}

double Economy::operators_decide(double epoch_s, double now) {
  const double price = market_.price(now);
  for (std::size_t i = 0; i < operator_epoch_.size(); ++i)
    operator_epoch_[i].revenue_usd = economy::units_to_opg(operator_revenue_[i]) * price;
  actions_.clear();
  const double mean_profit = operators_.end_epoch(operator_epoch_, epoch_s, now, actions_);
  for (const economy::OperatorAction& a : actions_) {
    if (a.kind == economy::OperatorAction::Kind::Leave) {
      deactivate(a.op);
      const economy::AccountId acct = operator_acct()[a.op];
      event(now, "operator_left", acct, ledger_.staked(acct), "reason=unprofitable");
      if (ledger_.staked(acct) > 0) ledger_.unstake(acct, ledger_.staked(acct), now);
    } else {
      joins_.push({a.at_s, a.op, routed_});
    }
  }
  publish_stakes();
  return mean_profit;
}

// Operators whose provisioning is over come online with a fresh stake bought from the treasury.
void Economy::activate_joined(double now) {
  bool any = false;
  while (!joins_.empty() && joins_.top().at <= now) {
    const std::uint32_t op = joins_.top().op;
    const std::size_t role = joins_.top().role;
    joins_.pop();
    if (role != routed_) {
      role_joined(role, op, now);
      continue;
    }
    operators_.joined(op);
    const Amount stake = std::min(opg_to_units(spec_.stake_opg[routed_]), ledger_.balance(ledger_.treasury()));
    ledger_.transfer(ledger_.treasury(), operator_acct()[op], stake);
    ledger_.stake(operator_acct()[op], stake);
    event(now, "operator_joined", operator_acct()[op], stake, "");
    send_control(op, ControlMessage::Op::Join);
    any = true;
  }
  if (any) publish_stakes();
}

// An operator that leaves takes its node offline: in-flight work ends as for a crash.
void Economy::deactivate(std::uint32_t node) { send_control(node, ControlMessage::Op::Leave); }

// The operator's decision reaches its node as a message over the network (from the host this
// actor runs on); the node applies it on arrival.
void Economy::send_control(std::uint32_t node, ControlMessage::Op op) {
  host_.control_operator(node, op);
}

void Economy::users_decide(double t0, double t1) {
  // The per-day rule when retention_per_day is set (churn independent of epoch_s), else per epoch.
  if (users_.config().retention_per_day <= 0) users_.end_epoch(experience_);
  else if (t1 > t0) users_.end_epoch(experience_, t1 - t0, t1);
  demand_factor_ = demand_at(t1, population_quality());
  for (auto& e : experience_) e = {};
  users_.add_arrivals(t1, t1 + (t1 - t0));
  open_cohort_accounts();
  // Every client redraws its next arrival at the new rate.
  host_.wake_clients();
}

void Economy::publish_stakes() {
  for (std::uint32_t i = 0; i < operator_acct().size(); ++i)
    host_.publish_stake(i, economy::units_to_opg(ledger_.staked(operator_acct()[i])));
}

void Economy::check_conservation() {
  ++conservation_checks_;
  if (!ledger_.conserved()) ++conservation_failures_;
}

// The drain: requests still finishing pay their fees and emissions run on; nobody decides.
void Economy::finish(double now) {
  if (now > last_epoch_end_) end_epoch(last_epoch_end_, now, false);
  governance_at_end(now);
  check_conservation();
}

}  // namespace opgsim::engine
