// The operators of the roles other than the routed one as agents (see economy.hpp; issue 11 item
// 6): for each role whose economy.roles.<role>.decide is on, one OperatorPool (the same pure
// model as the inference operators', models/economy/operators.hpp) with its own cost per node-hour,
// spread and minimum. Each epoch an operator's revenue is what its node's account earned: its fee
// share (earned_) and its staking rewards (rewarded_); one that leaves stops its node through a
// Leave control message (its in-flight work goes back to the role's assignment, as for a crash)
// and unbonds its stake; one that joins stakes again from the treasury and its node comes back.
// Kept apart from economy.cpp so that the per-role loop stays in one place.
#include <cmath>

#include <fmt/format.h>

#include "sim/engine/economy.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

using economy::AccountId;
using economy::Amount;
using economy::opg_to_units;

// Whether role's nodes have ledger accounts: every role with a stake, except those that have one
// only while their operators are agents (RoleEconomy::accounts_only_when_deciding).
bool Economy::opens_accounts(const NodeRole& role) const {
  if (role.economy.stake_key.empty()) return false;
  return !role.economy.accounts_only_when_deciding || spec_.roles[role.index()].decide;
}

// One pool per deciding role, in registry order; every node's operator starts active, each with
// its own lognormal cost multiplier from its own stream.
void Economy::open_role_agents() {
  const Scenario& s = world_.scenario;
  for (const NodeRole& role : node_roles()) {
    const RoleOperatorsSpec& rs = spec_.roles[role.index()];
    if (role.routed || !rs.decide || !opens_accounts(role)) continue;
    const std::uint32_t n = role.count(s);
    economy::OperatorConfig cfg = rs.operators;
    cfg.min_active = rs.min_active.value_or(role_min_active(role.economy, n));
    RoleAgents& a = agents_.emplace_back(RoleAgents{role.index(), economy::OperatorPool(cfg, n, n, 1), {}});
    a.epoch.resize(n);
    std::vector<double> cost(n);
    const double sigma = cfg.cost_spread;
    for (std::uint32_t i = 0; i < n; ++i) {
      Rng rng = Rng::stream(s.seed, fmt::format("economy.{}.operator_cost", role.name), i);
      cost[i] = std::exp(sigma * rng.normal() - sigma * sigma / 2);
    }
    a.pool.set_cost_multipliers(cost);
  }
}

void Economy::roles_decide(double epoch_s, double now) {
  if (agents_.empty()) return;
  const double price = market_.price(now);
  rewarded_.resize(ledger_.accounts(), 0);
  for (RoleAgents& a : agents_) {
    const NodeRole& role = node_roles()[a.role];
    const std::vector<AccountId>& ids = accounts_[a.role];
    for (std::size_t i = 0; i < ids.size(); ++i)
      a.epoch[i].revenue_usd = economy::units_to_opg(earned_[ids[i]] + rewarded_[ids[i]]) * price;
    actions_.clear();
    a.pool.end_epoch(a.epoch, epoch_s, now, actions_);
    for (const economy::OperatorAction& act : actions_) {
      if (act.kind == economy::OperatorAction::Kind::Join) {
        joins_.push({act.at_s, act.op, a.role});
        continue;
      }
      send_role_control(a.role, act.op, ControlMessage::Op::Leave);
      const AccountId acct = ids[act.op];
      event(now, "operator_left", acct, ledger_.staked(acct), fmt::format("role={} reason=unprofitable", role.name));
      if (ledger_.staked(acct) > 0) ledger_.unstake(acct, ledger_.staked(acct), now);
    }
  }
  std::fill(rewarded_.begin(), rewarded_.end(), 0);
}

// A joining operator of a deciding role is online: it stakes again from the treasury and its node
// serves again.
void Economy::role_joined(std::size_t role, std::uint32_t op, double now) {
  for (RoleAgents& a : agents_) {
    if (a.role != role) continue;
    a.pool.joined(op);
    const AccountId acct = accounts_[role][op];
    const Amount stake = std::min(opg_to_units(spec_.stake_opg[role]), ledger_.balance(ledger_.treasury()));
    ledger_.transfer(ledger_.treasury(), acct, stake);
    ledger_.stake(acct, stake);
    event(now, "operator_joined", acct, stake, fmt::format("role={}", node_roles()[role].name));
    send_role_control(role, op, ControlMessage::Op::Join);
  }
}

// The decision reaches the node (or the actor that holds the role's nodes: RoleRuntime's
// control_target) as a message over the network, from the host this actor runs on.
void Economy::send_role_control(std::size_t role, std::uint32_t node, ControlMessage::Op op) {
  host_.control(role, node, op);
}

// A node of a role other than the routed one was slashed: below its role's min_stake_opg
// (economy.roles.<role>) it stops serving now, as an inference operator below economy.min_stake_opg
// does (leave_under_stake): the Leave control message (its work goes to the others as after a
// crash), a forced_out event, its stake unbonding; a deciding role's pool counts it as left.
void Economy::role_under_stake(std::size_t role, std::uint32_t node, double now) {
  const double min_opg = spec_.roles[role].min_stake_opg;
  if (min_opg <= 0) return;
  const AccountId acct = accounts_[role][node];
  if (ledger_.staked(acct) >= opg_to_units(min_opg)) return;
  bool deciding = false;
  for (RoleAgents& a : agents_)
    if (a.role == role) {
      deciding = true;
      if (a.pool.state(node) != economy::OperatorState::Active) return;  // already out (left, or forced out)
      a.pool.force_leave(node);
    }
  if (!deciding) {  // out for good
    std::vector<bool>& out = forced_out_nodes_[role];
    if (out.empty()) out.assign(accounts_[role].size(), false);
    if (out[node]) return;
    out[node] = true;
  }
  ++forced_out_;
  send_role_control(role, node, ControlMessage::Op::Leave);
  event(now, "forced_out", acct, ledger_.staked(acct),
        fmt::format("role={} min_stake_units={}", node_roles()[role].name, opg_to_units(min_opg)));
  if (ledger_.staked(acct) > 0) ledger_.unstake(acct, ledger_.staked(acct), now);
}

std::uint32_t Economy::role_operators_active(std::size_t role) const {
  for (const RoleAgents& a : agents_)
    if (a.role == role) return a.pool.active();
  return 0;
}

}  // namespace opgsim::engine
