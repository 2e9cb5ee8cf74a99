// The emission's work share in an epoch without fees (see economy.hpp; issue 11): when no staker
// earned a fee (no traffic, a payment-chain outage, fees that all went to the treasury), the work
// share has nobody to go to. A tokenomics designer expects the schedule to pay out what it
// unlocks, so by default (economy.emissions.without_fees: stake) the whole emission is then paid
// pro rata to stake; `unpaid` keeps the old rule (the work share stays in the bucket, or is not
// minted).
#include <algorithm>

#include "sim/engine/economy.hpp"

namespace opgsim::engine {

bool Economy::work_unearned() const {
  if (spec_.emissions.without_fees != economy::EmissionConfig::WithoutFees::Stake) return false;
  return std::all_of(weights_.begin(), weights_.end(), [](economy::Amount w) { return w == 0; });
}

}  // namespace opgsim::engine
