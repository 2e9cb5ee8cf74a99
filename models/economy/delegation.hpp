// Delegated stake that drifts toward higher yield.
//
// Holders delegate to staking targets (a role's operators, validators); each epoch a share of the
// stake delegated to targets whose yield is below the stake-weighted mean moves to targets above
// it. How fast delegators react has no published source: mobility_per_day (the share of the yield
// gap closed per day) is an assumption to sweep. Exact integers: what leaves one target arrives at
// others to the base unit.
#pragma once

#include <span>

#include "models/economy/ledger.hpp"

namespace opgsim::economy {

struct DelegationConfig {
  double mobility_per_day = 0.1;  // assumption: a tenth of the relative yield gap closes per day
  // Throws InputError "<prefix>.<key>: must be <rule>, got <value>".
  void validate(const char* prefix) const;
};

// The share of the gap closed in an epoch of epoch_s: 1 - (1 - mobility_per_day)^(epoch_s / 86400).
double delegation_step(const DelegationConfig& cfg, double epoch_s);

// One rebalancing step. yield[i] is target i's annual yield (>= 0); ȳ the mean weighted by
// delegated stake. Target i with y_i < ȳ gives floor(delegated_i * step * (ȳ - y_i) / ȳ); the
// total goes to the targets with y_i > ȳ pro rata to (y_i - ȳ) / ȳ (largest remainder, rounded to
// 1e-9). Nothing moves when no target is above or below the mean. Returns the amount moved;
// the sum of delegated is unchanged. Sizes must match (std::logic_error).
Amount rebalance_delegation(std::span<Amount> delegated, std::span<const double> yield, double step);

}  // namespace opgsim::economy
