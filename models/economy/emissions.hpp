// Staking-reward emission per epoch, and an exact pro-rata split of an integer amount.
//
// The staking-rewards bucket (notes §2: 100M OPG, linear over 96 months, no minting afterwards)
// is paid out epoch by epoch. Linear emission is computed from a cumulative curve so that any
// partition of time into epochs pays exactly the bucket, never a unit more; the Ethereum-like
// alternative (notes §3h, §4) pays a yield k / sqrt(total stake) instead.
#pragma once

#include <cstdint>
#include <span>

#include "models/economy/ledger.hpp"

namespace opgsim::economy {

struct EmissionConfig {
  enum class Type { None, Linear, InverseSqrt };
  // Where rewards come from: the staking-rewards allocation bucket (notes §2: paid from the
  // bucket, never minted; rewards stop when it is empty), or minted (an explicit option).
  enum class Source { Bucket, Mint };
  Type type = Type::Linear;          // notes §2 / §4: staking emission spread evenly
  Source source = Source::Bucket;
  double total_opg = 100e6;          // staking rewards bucket, notes §2: 100M OPG (Linear only)
  double period_s = 96 * 2629746.0;  // 96 months (average Gregorian month), notes §2
  // InverseSqrt: annual yield = k / sqrt(total stake in OPG) (notes §3h Ethereum-like 166.3/sqrt(D));
  // applied per epoch pro rata of a 365.25-day year
  double k = 166.0;
  double work_share = 0.5;  // share of each epoch's emission paid by work done; the rest by stake (assumption)
  // An epoch in which no staker earned a fee: its work share is paid by stake (Stake), or not at
  // all (Unpaid: it stays in the bucket or is not minted). Stake is what a designer expects: the
  // emission schedule does not halve because traffic stopped.
  enum class WithoutFees { Stake, Unpaid };
  WithoutFees without_fees = WithoutFees::Stake;
  // Throws InputError "<prefix>.<key>: <rule>, got <value>".
  void validate(const char* prefix) const;
};

class EmissionSchedule {
public:
  explicit EmissionSchedule(const EmissionConfig& cfg);  // validates cfg ("economy.emission")

  // Tokens emitted for the epoch [t0, t1) given the total stake at its start (t0 <= t1, both
  // finite; std::logic_error otherwise).
  // Linear: cumulative floor(total * min(t, period) / period) differences, so the sum over any
  //   partition of [0, T] is exact and never exceeds total. Times are taken to the microsecond
  //   and the product is exact in 128-bit integers.
  // InverseSqrt: floor(stake * k / sqrt(stake_opg) * (t1 - t0) / year); 0 with no stake. Not
  //   bounded by total_opg (the bucket is only the Linear schedule's).
  // None: 0.
  Amount emitted(double t0, double t1, Amount total_stake);
  // The sum of everything emitted() has returned.
  Amount emitted_total() const { return emitted_total_; }
  const EmissionConfig& config() const { return cfg_; }

private:
  Amount cumulative(double t) const;  // Linear: floor(total * min(t, period) / period)

  EmissionConfig cfg_;
  Amount total_units_ = 0;
  std::int64_t period_us_ = 1;
  Amount emitted_total_ = 0;
};

// Splits `total` (>= 0) pro rata to integer weights (>= 0) with the largest-remainder method
// (ties to the lower index): parts sum to total exactly; all zero weights -> all parts 0 and the
// function returns false (caller decides where it goes). parts.size() must equal
// weights.size() (std::logic_error otherwise).
bool pro_rata(Amount total, std::span<const Amount> weights, std::span<Amount> parts);

}  // namespace opgsim::economy
