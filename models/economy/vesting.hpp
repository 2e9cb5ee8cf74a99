// Unlock schedules of token allocation buckets: a share at TGE, a cliff, then linear months.
//
// OPG's published allocation (notes §2) unlocks each bucket as "x % at TGE, then N months
// linear", or "a 12-month cliff, then 36 months linear". A schedule here says exactly that and
// nothing more; time is measured from TGE in seconds and a month is the average Gregorian month
// (365.2425 days / 12 = 2,629,746 s), the same month the staking emission uses. Amounts are
// integer base units and every result is exact and monotone in time: unlocked(t) never exceeds
// the bucket, reaches it exactly when the schedule ends, and never goes backward, so the
// amount released over [t0, t1) is unlocked(t1) - unlocked(t0) for any partition of time.
#pragma once

#include "models/economy/ledger.hpp"

namespace opgsim::economy {

inline constexpr double kSecondsPerMonth = 2629746.0;  // 365.2425 d / 12

struct VestingSchedule {
  double tge_share = 0;       // fraction of the bucket unlocked at TGE (t = 0), in [0, 1]
  double cliff_months = 0;    // nothing more unlocks before TGE + cliff
  double linear_months = 0;   // then the rest unlocks linearly over this many months (0: all at the cliff)
  // Throws InputError "<prefix>.<key>: must be <rule>, got <value>".
  void validate(const char* prefix) const;
};

// The part of a bucket of `total` base units unlocked at time t (seconds since TGE; t < 0 is
// before TGE and unlocks nothing).
//   tge   = floor(total * tge_share), tge_share rounded to a multiple of 1e-15 as Ledger does
//   rest  = total - tge
//   t < cliff:                 tge
//   cliff <= t < cliff+linear: tge + floor(rest * (t - cliff) / linear), times in microseconds
//   t >= cliff + linear:       total
// All products in 128-bit integers.
Amount unlocked_at(Amount total, const VestingSchedule& schedule, double t_s);

}  // namespace opgsim::economy
