// Capacity search: the highest request rate that meets an SLO, by bracketing (doubling or
// halving from a start rate) and then geometric bisection. Pure: the caller runs a simulation
// inside the callback and says whether it met the SLO. No SimGrid.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace opgsim::analysis {

struct CapacityOptions {
  double start_rps = 10;          // first rate tried (> 0)
  double rel_precision = 0.01;    // stop when (hi - lo) / lo <= this (> 0)
  std::uint32_t max_runs = 40;    // calls of meets() per search (>= 1)
};

// lo = the highest rate seen to meet the SLO (0 if none), hi = the lowest rate seen to fail
// (0 if none), runs = calls of meets(). bracketed: some rate met and a higher one failed.
// note: empty when the search reached its precision; otherwise why it did not (never met, never
// failed before max_runs, or max_runs reached while bisecting: then bracketed stays true and
// [lo, hi] is the coarser bracket found).
struct CapacityResult {
  double lo = 0, hi = 0;
  std::uint32_t runs = 0;
  bool bracketed = false;
  std::string note;
};

// meets(rate) runs the scenario at `rate` and says whether it met the SLO; it is assumed
// monotone (meets below the capacity, fails above), but a noisy one still gives lo < hi with
// lo met and hi failed. Bracketing: from start_rps double while it meets, or halve while it
// fails, until some lo meets and hi fails. If even start / 2^20 fails, or max_runs is reached
// before bracketing, bracketed = false and note says why. Bisection: next rate = sqrt(lo * hi),
// the geometric mean, which halves log(hi / lo) per run (the right split for a relative
// precision), until (hi - lo) / lo <= rel_precision.
// Throws InputError for options out of range; exceptions from meets() propagate.
CapacityResult search_capacity(const std::function<bool(double)>& meets, const CapacityOptions& opt);

}  // namespace opgsim::analysis
