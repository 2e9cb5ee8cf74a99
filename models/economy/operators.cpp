// Operator stay/leave/join decisions per epoch (see operators.hpp).
#include "models/economy/operators.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {
void require(bool ok, const char* prefix, const char* key, const char* rule, double v) {
  if (!ok || !std::isfinite(v)) throw InputError(fmt::format("{}.{}: must be {}, got {}", prefix, key, rule, v));
}
}  // namespace

void OperatorConfig::validate(const char* prefix) const {
  require(gpu_cost_usd_per_hour >= 0, prefix, "gpu_cost_usd_per_hour", ">= 0", gpu_cost_usd_per_hour);
  require(cost_spread >= 0 && cost_spread <= 3, prefix, "cost_spread", "in [0, 3]", cost_spread);
  require(true, prefix, "profit_threshold_usd_per_hour", "a finite number", profit_threshold_usd_per_hour);
  require(patience_epochs >= 1, prefix, "patience_epochs", ">= 1", patience_epochs);
  require(true, prefix, "join_threshold_usd_per_hour", "a finite number", join_threshold_usd_per_hour);
  require(provisioning_s >= 0, prefix, "provisioning_s", ">= 0", provisioning_s);
  require(decision.max_leaves_per_epoch >= 1, prefix, "decision.max_leaves_per_epoch", ">= 1",
          decision.max_leaves_per_epoch);
}

OperatorPool::OperatorPool(const OperatorConfig& cfg, std::uint32_t slots, std::uint32_t initially_active,
                           std::uint32_t gpus_per_node)
    : cfg_(cfg), gpus_(gpus_per_node) {
  cfg_.validate();
  if (initially_active > slots)
    throw std::invalid_argument(
        fmt::format("OperatorPool: {} initially active operators but only {} slots", initially_active, slots));
  if (gpus_per_node == 0) throw std::invalid_argument("OperatorPool: gpus_per_node must be >= 1");
  state_.assign(slots, OperatorState::Inactive);
  std::fill_n(state_.begin(), initially_active, OperatorState::Active);
  streak_.assign(slots, 0);
  cost_multiplier_.assign(slots, 1.0);
  profit_.assign(slots, 0.0);
  left_now_.assign(slots, false);
  candidates_.reserve(slots);
  since_profit_.assign(slots, 0.0);
  since_hours_.assign(slots, 0.0);
  estimate_.assign(slots, 0.0);
  active_ = initially_active;
}

void OperatorPool::leave(std::uint32_t op) {
  if (state_[op] == OperatorState::Active) --active_;
  if (state_[op] == OperatorState::Joining) --joining_;
  state_[op] = OperatorState::Inactive;
  streak_[op] = 0;
  ++left_total_;
}

void OperatorPool::set_cost_multipliers(std::span<const double> multipliers) {
  if (multipliers.size() != state_.size())
    throw std::invalid_argument(fmt::format("OperatorPool::set_cost_multipliers: {} multipliers for {} operators",
                                            multipliers.size(), state_.size()));
  for (double m : multipliers)
    if (!(m > 0) || !std::isfinite(m)) throw std::invalid_argument("OperatorPool: cost multipliers must be > 0");
  cost_multiplier_.assign(multipliers.begin(), multipliers.end());
}

void OperatorPool::set_hourly_costs(std::span<const double> usd_per_hour) {
  if (usd_per_hour.size() != state_.size())
    throw std::invalid_argument(fmt::format("OperatorPool::set_hourly_costs: {} costs for {} operators",
                                            usd_per_hour.size(), state_.size()));
  for (double c : usd_per_hour)
    if (!(c >= 0) || !std::isfinite(c)) throw std::invalid_argument("OperatorPool: hourly costs must be >= 0 and finite");
  hourly_cost_.assign(usd_per_hour.begin(), usd_per_hour.end());
}

double OperatorPool::end_epoch(std::span<const OperatorEpoch> epoch, double epoch_s, double now,
                               std::vector<OperatorAction>& actions) {
  if (epoch.size() != state_.size())
    throw std::invalid_argument(
        fmt::format("OperatorPool::end_epoch: {} revenues for {} operators", epoch.size(), state_.size()));
  if (!(epoch_s > 0) || !std::isfinite(epoch_s))
    throw std::invalid_argument(fmt::format("OperatorPool::end_epoch: epoch_s must be > 0, got {}", epoch_s));
  const double epoch_h = epoch_s / 3600.0;
  const double cost = cfg_.gpu_cost_usd_per_hour * gpus_ * epoch_h;
  const auto n = static_cast<std::uint32_t>(state_.size());

  // Profits and streaks.
  double sum_all = 0;
  const std::uint32_t active_during = active_;
  candidates_.clear();
  for (std::uint32_t i = 0; i < n; ++i) {
    left_now_[i] = false;
    if (state_[i] != OperatorState::Active) continue;
    profit_[i] = epoch[i].revenue_usd - (hourly_cost_.empty() ? cost : hourly_cost_[i] * epoch_h) * cost_multiplier_[i];
    sum_all += profit_[i];
    if (profit_[i] / epoch_h < cfg_.profit_threshold_usd_per_hour)
      ++streak_[i];
    else
      streak_[i] = 0;
    if (cfg_.decision.type == OperatorDecision::Type::Synchronous && streak_[i] >= cfg_.patience_epochs)
      candidates_.push_back(i);
  }

  double sum_remaining = sum_all;
  if (cfg_.decision.type == OperatorDecision::Type::Staggered) {
    staggered_leaves(epoch_h, now, actions);
    for (std::uint32_t i = 0; i < n; ++i)
      if (left_now_[i]) sum_remaining -= profit_[i];
  } else {
    // Leaves: the most unprofitable first, never below min_active.
    std::sort(candidates_.begin(), candidates_.end(), [&](std::uint32_t a, std::uint32_t b) {
      return profit_[a] != profit_[b] ? profit_[a] < profit_[b] : a < b;
    });
    for (std::uint32_t i : candidates_) {
      if (active_ <= cfg_.min_active) break;
      sum_remaining -= profit_[i];
      leave(i);
      left_now_[i] = true;
      actions.push_back(OperatorAction{OperatorAction::Kind::Leave, i, now});
    }
    // Operators held back by min_active keep their streak and are first in line next epoch.
  }

  // Joins: while the operators who stay earn more than the threshold per node-hour.
  const double mean_per_hour = active_ > 0 ? sum_remaining / active_ / epoch_h : 0.0;
  if (mean_per_hour > cfg_.join_threshold_usd_per_hour) {
    std::uint32_t joins = 0;
    for (std::uint32_t i = 0; i < n && joins < cfg_.max_joins_per_epoch; ++i) {
      if (state_[i] != OperatorState::Inactive || left_now_[i]) continue;
      state_[i] = OperatorState::Joining;
      ++joining_;
      ++joins;
      actions.push_back(OperatorAction{OperatorAction::Kind::Join, i, now + cfg_.provisioning_s});
    }
  }
  return active_during > 0 ? sum_all / active_during : 0.0;
}

void OperatorPool::network_changed() {
  std::fill(since_profit_.begin(), since_profit_.end(), 0.0);
  std::fill(since_hours_.begin(), since_hours_.end(), 0.0);
}

void OperatorPool::staggered_leaves(double epoch_h, double now, std::vector<OperatorAction>& actions) {
  const auto n = static_cast<std::uint32_t>(state_.size());
  const std::uint64_t turn = epoch_index_++ % cfg_.patience_epochs;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (state_[i] != OperatorState::Active) continue;
    since_profit_[i] += profit_[i];
    since_hours_[i] += epoch_h;
    if (i % cfg_.patience_epochs != turn) continue;
    // Its decision: leave when what it earned per hour since the network last changed (its
    // estimate of what staying earns) falls short.
    estimate_[i] = since_profit_[i] / since_hours_[i];
    if (estimate_[i] < cfg_.profit_threshold_usd_per_hour) candidates_.push_back(i);
    since_profit_[i] = 0;
    since_hours_[i] = 0;
  }
  // The least profitable by its own estimate first (ties: lowest index).
  std::sort(candidates_.begin(), candidates_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return estimate_[a] != estimate_[b] ? estimate_[a] < estimate_[b] : a < b;
  });
  std::uint32_t left = 0;
  for (std::uint32_t i : candidates_) {
    if (active_ <= cfg_.min_active || left == cfg_.decision.max_leaves_per_epoch) break;
    leave(i);
    left_now_[i] = true;
    ++left;
    actions.push_back(OperatorAction{OperatorAction::Kind::Leave, i, now});
  }
  if (left > 0) network_changed();
}

void OperatorPool::joined(std::uint32_t op) {
  switch (state_.at(op)) {
    case OperatorState::Joining:
      state_[op] = OperatorState::Active;
      streak_[op] = 0;
      --joining_;
      ++active_;
      ++joined_total_;
      if (cfg_.decision.type == OperatorDecision::Type::Staggered) network_changed();
      return;
    case OperatorState::Inactive: return;  // the join was cancelled by force_leave
    case OperatorState::Active:
      throw std::logic_error(fmt::format("OperatorPool::joined: operator {} is already active", op));
  }
}

void OperatorPool::begin_join(std::uint32_t op) {
  if (state_.at(op) != OperatorState::Inactive)
    throw std::logic_error(fmt::format("OperatorPool::begin_join: operator {} is not inactive", op));
  state_[op] = OperatorState::Joining;
  ++joining_;
}

void OperatorPool::force_leave(std::uint32_t op) {
  if (state_.at(op) == OperatorState::Inactive) return;
  leave(op);
  if (cfg_.decision.type == OperatorDecision::Type::Staggered) network_changed();
}

}  // namespace opgsim::economy

namespace opgsim::economy {
double OperatorPool::epoch_cost_usd(std::uint32_t op, double epoch_s) const {
  const double hourly = hourly_cost_.empty() ? cfg_.gpu_cost_usd_per_hour * gpus_ : hourly_cost_.at(op);
  return hourly * (epoch_s / 3600.0) * cost_multiplier_.at(op);
}
}  // namespace opgsim::economy
