// The token allocation: the fixed supply split into buckets, each with an unlock schedule and a
// purpose in the economy.
//
// OPG's supply is fixed at genesis (1e9 OPG, notes §2) and allocated to buckets that unlock over
// years. A bucket's purpose says what the economy does with what it unlocks: the staking-rewards
// bucket pays staking rewards (never minted), the liquidity bucket seeds the market pool, the
// ecosystem bucket funds the treasury's policies (grants, subsidies, buybacks), and holder buckets
// (foundation, contributors, investors, airdrop) are tokens their holders may sell once unlocked.
// Shares are split exactly: the buckets' amounts sum to the supply to the base unit.
#pragma once

#include <string>
#include <vector>

#include "models/economy/ledger.hpp"
#include "models/economy/vesting.hpp"

namespace opgsim::economy {

enum class BucketPurpose { Ecosystem, StakingRewards, Liquidity, Holders };

struct BucketConfig {
  std::string name;                  // e.g. "ecosystem"; unique
  double share = 0;                  // fraction of the total supply, in [0, 1]; all shares sum to 1
  VestingSchedule schedule;
  BucketPurpose purpose = BucketPurpose::Holders;
  std::string source;                // where the numbers come from (notes section, [P] or ⚠[S])
};

// The published OPG allocation (notes §2; every row is ⚠[S]: several Binance Square posts agree,
// one post citing Bitget says ecosystem 36 %): ecosystem 40 % (10 % at TGE, 60 months linear),
// foundation 15 % (33.33 % at TGE, 48 months), contributors 15 % and investors 10 % (12-month
// cliff, 36 months), staking rewards 10 % (96 months linear, no minting after), liquidity 6 % and
// airdrop 4 % (all at TGE).
std::vector<BucketConfig> opg_allocation();

class Allocation {
public:
  // Splits total_supply over the buckets by share with the largest-remainder method, so that the
  // amounts sum to total_supply exactly. Throws InputError "<prefix>[i].<key>: ..." for a bad
  // bucket, a duplicate name, shares not summing to 1 (within 1e-9), or more than one
  // StakingRewards or Liquidity bucket.
  Allocation(Amount total_supply, std::vector<BucketConfig> buckets, const char* prefix = "economy.allocation");

  std::size_t size() const { return buckets_.size(); }
  const BucketConfig& bucket(std::size_t i) const { return buckets_.at(i); }
  Amount amount(std::size_t i) const { return amounts_.at(i); }
  Amount total() const { return total_; }
  // Unlocked at t (seconds since TGE), and released in [t0, t1): unlocked(t1) - unlocked(t0).
  Amount unlocked(std::size_t i, double t_s) const { return unlocked_at(amounts_.at(i), buckets_.at(i).schedule, t_s); }
  Amount released(std::size_t i, double t0_s, double t1_s) const { return unlocked(i, t1_s) - unlocked(i, t0_s); }
  // Index of the bucket with this purpose, or -1 (Ecosystem and Holders may have several: the first).
  std::ptrdiff_t find(BucketPurpose purpose) const;

private:
  Amount total_;
  std::vector<BucketConfig> buckets_;
  std::vector<Amount> amounts_;
};

}  // namespace opgsim::economy
