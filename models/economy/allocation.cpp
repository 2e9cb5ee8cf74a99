// The fixed-supply allocation and OPG's published buckets (see allocation.hpp).
#include "models/economy/allocation.hpp"

#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "models/economy/emissions.hpp"

namespace opgsim::economy {

std::vector<BucketConfig> opg_allocation() {
  const char* src = "notes §2 ⚠[S] (Binance Square posts; MiCAR white paper for the 1B total)";
  using P = BucketPurpose;
  return {
      {"ecosystem", 0.40, {0.10, 0, 60}, P::Ecosystem, src},
      {"foundation", 0.15, {0.3333, 0, 48}, P::Holders, src},
      {"contributors", 0.15, {0, 12, 36}, P::Holders, src},
      {"investors", 0.10, {0, 12, 36}, P::Holders, src},
      {"staking_rewards", 0.10, {0, 0, 96}, P::StakingRewards, src},
      {"liquidity", 0.06, {1.0, 0, 0}, P::Liquidity, src},
      {"airdrop", 0.04, {1.0, 0, 0}, P::Holders, src},
  };
}

Allocation::Allocation(Amount total_supply, std::vector<BucketConfig> buckets, const char* prefix)
    : total_(total_supply), buckets_(std::move(buckets)) {
  if (buckets_.empty()) throw InputError(fmt::format("{}: must list at least one bucket", prefix));
  std::unordered_set<std::string> names;
  double sum = 0;
  int staking = 0, liquidity = 0;
  // Shares as integer weights of 1e-12, split by largest remainder: exact to the base unit.
  std::vector<Amount> weights;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    const BucketConfig& b = buckets_[i];
    const std::string at = fmt::format("{}[{}]", prefix, i);
    if (b.name.empty()) throw InputError(at + ".name: must not be empty");
    if (!names.insert(b.name).second) throw InputError(fmt::format("{}.name: \"{}\" is used by an earlier bucket", at, b.name));
    if (!(b.share >= 0 && b.share <= 1)) throw InputError(fmt::format("{}.share: must be a number in [0, 1], got {}", at, b.share));
    b.schedule.validate(at.c_str());
    staking += b.purpose == BucketPurpose::StakingRewards;
    liquidity += b.purpose == BucketPurpose::Liquidity;
    sum += b.share;
    weights.push_back(static_cast<Amount>(std::llround(b.share * 1e12)));
  }
  if (std::fabs(sum - 1.0) > 1e-9)
    throw InputError(fmt::format("{}: shares must sum to 1, got {}", prefix, sum));
  if (staking > 1) throw InputError(fmt::format("{}: at most one bucket may have purpose staking_rewards", prefix));
  if (liquidity > 1) throw InputError(fmt::format("{}: at most one bucket may have purpose liquidity", prefix));
  amounts_.assign(buckets_.size(), 0);
  pro_rata(total_supply, weights, amounts_);
}

std::ptrdiff_t Allocation::find(BucketPurpose purpose) const {
  for (std::size_t i = 0; i < buckets_.size(); ++i)
    if (buckets_[i].purpose == purpose) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

}  // namespace opgsim::economy
