// Inference operators who decide at the end of each epoch whether to stay, and new ones who join.
//
// One operator per inference node ("slot"). An operator's profit for an epoch is its revenue (fees
// plus rewards, converted to USD by the caller) minus the hardware it rents for the epoch. After
// `patience_epochs` consecutive unprofitable epochs it leaves; while the operators who remain earn
// more than `join_threshold_usd_per_hour` per node-hour, idle slots are taken by new operators
// whose node comes online `provisioning_s` later. Pure model: the caller applies the actions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace opgsim::economy {

// How operators decide to leave. synchronous: every operator judges every epoch by its streak of
// unprofitable epochs (all unprofitable ones leave in the same epoch). staggered: operator i
// decides only every patience_epochs epochs, on its own offset (i mod patience_epochs), and judges
// by its mean profit per hour since the network last changed (an operator joined or left) or
// since its own last decision, whichever is later: a forward-looking estimate of what staying
// earns in the network as it now is; at most max_leaves_per_epoch leave in one epoch, the lowest
// estimate first. Where revenue supports k of n operators, staggered settles at k.
struct OperatorDecision {
  enum class Type { Synchronous, Staggered };
  Type type = Type::Synchronous;
  std::uint32_t max_leaves_per_epoch = 1;  // staggered only (>= 1)
};

struct OperatorConfig {
  // Per GPU. Assumption: H100 cloud rental is about 2-3 USD/h (on-demand list prices, 2024-25).
  double gpu_cost_usd_per_hour = 2.0;
  double profit_threshold_usd_per_hour = 0;  // earning less than this per node-hour is an unprofitable epoch
  std::uint32_t patience_epochs = 3;         // leaves after this many consecutive unprofitable epochs (>= 1)
  double join_threshold_usd_per_hour = 1.0;  // joins while the mean profit per active node-hour exceeds this
  std::uint32_t max_joins_per_epoch = 1;
  double provisioning_s = 600;               // a joining operator's node is online this long after the decision
  std::uint32_t min_active = 1;              // leaving never takes the active count below this
  // Operators' costs differ (hardware, power, region): operator i pays gpu_cost x m_i with
  // ln m_i ~ N(-cost_spread^2 / 2, cost_spread^2), mean 1 (the caller draws m_i and passes them
  // to set_cost_multipliers). Assumption: 0.3, about +-30 % between operators; 0 makes all equal
  // (then they all leave in the same epoch).
  double cost_spread = 0.3;
  OperatorDecision decision;  // how operators decide to leave (see OperatorDecision)
  // Throws opgsim::InputError "<prefix>.<key>: must be <rule>, got <v>".
  void validate(const char* prefix = "economy.operators") const;
};

enum class OperatorState : std::uint8_t { Active, Joining, Inactive };

// What one operator earned in the epoch (fees + rewards, USD at the epoch's price); the caller fills it.
struct OperatorEpoch {
  double revenue_usd = 0;
};

struct OperatorAction {
  enum class Kind { Leave, Join } kind;
  std::uint32_t op;
  double at_s;  // Leave: the decision time. Join: the time the node comes online.
};

class OperatorPool {
public:
  // `slots` operators in all; the first `initially_active` start Active, the rest Inactive
  // (candidates to join). gpus_per_node (>= 1) multiplies the hardware cost. Validates cfg
  // (InputError); a bad argument is std::invalid_argument.
  OperatorPool(const OperatorConfig& cfg, std::uint32_t slots, std::uint32_t initially_active,
               std::uint32_t gpus_per_node);

  // End of an epoch of length epoch_s (> 0) at time now. epoch[i] is operator i's revenue
  // (size == slots; entries of non-Active operators are ignored). For each Active operator,
  // profit = revenue - gpu_cost * gpus * epoch_h; an epoch with profit / epoch_h below the profit
  // threshold extends its unprofitable streak, any other resets it. Operators whose streak reached
  // patience leave, lowest profit first (ties: lowest index), while more than min_active remain.
  // Then, if the mean profit per node-hour of the remaining active operators (0 if none) exceeds
  // the join threshold, up to max_joins_per_epoch Inactive operators, lowest index first, become
  // Joining with at_s = now + provisioning_s (an operator that left in this same call is not
  // eligible). Appends the actions (leaves first) and returns the mean profit in USD over the
  // operators that were Active during the epoch (0 if none). Allocates nothing but the appends.
  double end_epoch(std::span<const OperatorEpoch> epoch, double epoch_s, double now,
                   std::vector<OperatorAction>& actions);

  // A Joining operator's node came online (the caller calls this at at_s): Active, counted in
  // joined_total. A no-op on an Inactive operator (its join was cancelled by force_leave);
  // std::logic_error on an Active one.
  void joined(std::uint32_t op);
  // The caller forces an operator out (e.g. its stake fell below the minimum after slashing):
  // Active or Joining become Inactive and count in left_total, even below min_active. No-op if
  // already Inactive.
  void force_leave(std::uint32_t op);
  // The caller (a user policy) starts an Inactive operator's join: Joining until joined(op).
  // std::logic_error on an operator that is not Inactive.
  void begin_join(std::uint32_t op);

  // Per-operator cost multipliers (size == slots, each > 0); 1 for all until set.
  void set_cost_multipliers(std::span<const double> multipliers);
  // Per-operator hardware cost per hour before the multiplier, USD (size == slots, each >= 0 and
  // finite), for nodes that differ (inference pools); until set, gpu_cost x GPUs for every one.
  void set_hourly_costs(std::span<const double> usd_per_hour);

  OperatorState state(std::uint32_t op) const { return state_.at(op); }
  // Operator op's hardware cost over `epoch_s`, USD: gpu_cost x GPUs (or its hourly cost when
  // set) x hours x its multiplier.
  double epoch_cost_usd(std::uint32_t op, double epoch_s) const;
  std::uint32_t slots() const { return static_cast<std::uint32_t>(state_.size()); }
  std::uint32_t active() const { return active_; }
  std::uint32_t joining() const { return joining_; }
  std::uint32_t left_total() const { return left_total_; }
  std::uint32_t joined_total() const { return joined_total_; }
  // Consecutive unprofitable epochs of an operator so far (0 for non-Active ones).
  std::uint32_t unprofitable_streak(std::uint32_t op) const { return streak_.at(op); }

private:
  void leave(std::uint32_t op);

  OperatorConfig cfg_;
  std::uint32_t gpus_;
  std::vector<OperatorState> state_;
  std::vector<std::uint32_t> streak_;
  std::vector<double> cost_multiplier_;
  std::vector<double> hourly_cost_;        // per operator, USD/h; empty: gpu_cost x gpus for all
  std::vector<double> profit_;             // this epoch's, scratch
  std::vector<std::uint32_t> candidates_;  // leavers this epoch, scratch
  std::vector<bool> left_now_;             // left in the current end_epoch call, scratch
  // Staggered: each operator's profit (USD) and hours observed since the later of the last change
  // in the active set and its own last decision; the epoch counter that drives the offsets.
  std::vector<double> since_profit_, since_hours_;
  std::vector<double> estimate_;           // profit per hour at its last decision, scratch
  std::uint64_t epoch_index_ = 0;
  void staggered_leaves(double epoch_h, double now, std::vector<OperatorAction>& actions);
  void network_changed();
  std::uint32_t active_ = 0, joining_ = 0, left_total_ = 0, joined_total_ = 0;
};

}  // namespace opgsim::economy
