// The long-horizon mode's rate grid (pure): offered request rates are measured by the
// request-level engine only at the points anchor * (1 + step)^k (k any integer), so that
// periods whose rates are close reuse the same windows; a rate between two points is
// interpolated between their measurements (window_perf.hpp). A rate within 1e-9 (relative) of a
// point is that point.
#pragma once

namespace opgsim::horizon {

struct RateBracket {
  double lo = 0, hi = 0;  // neighbouring grid points, lo <= rate <= hi (lo == hi: on the grid)
  double weight = 0;      // rate = lo + weight * (hi - lo), in [0, 1]
  bool exact() const { return lo == hi; }
};

class RateGrid {
public:
  // anchor > 0 (requests/s), step > 0 (relative spacing of neighbouring points).
  RateGrid(double anchor, double step);
  double point(long k) const;  // anchor * (1 + step)^k
  // rate > 0. Linear weight between the two points that bracket it.
  RateBracket bracket(double rate) const;

private:
  double anchor_, step_, log_ratio_;
};

}  // namespace opgsim::horizon
