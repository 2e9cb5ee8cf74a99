// Token-count draws for request sizes. Only opgsim::Rng is used (never <random> distributions) so
// a seed gives the same request sizes with any standard library.
#include "models/workload/token_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace opgsim::workload {

namespace {

constexpr double kMaxTokens = std::numeric_limits<std::uint32_t>::max();

// Rounds x and clamps it into [lo, hi]; NaN goes to lo. Clamping in double before the cast keeps
// huge lognormal tails from overflowing the integer conversion.
std::uint32_t round_clamp(double x, double lo, double hi) {
  hi = std::min(hi, kMaxTokens);
  lo = std::max(1.0, std::min(lo, hi));
  double r = std::nearbyint(x);
  if (!(r >= lo)) r = lo;  // also catches NaN
  if (r > hi) r = hi;
  return static_cast<std::uint32_t>(r);
}

}  // namespace

std::uint32_t TokenDistribution::sample(Rng& rng) const {
  switch (type) {
    case Type::Constant:
      // A request has at least one token, whatever the configuration says.
      return round_clamp(value, 1.0, kMaxTokens);
    case Type::Uniform: {
      const double lo = std::max(1.0, std::ceil(min));
      const double hi = std::min(kMaxTokens, std::floor(max));
      if (!(hi > lo)) return round_clamp(lo, lo, kMaxTokens);
      const auto n = static_cast<std::uint64_t>(hi - lo) + 1;
      return static_cast<std::uint32_t>(static_cast<std::uint64_t>(lo) + rng.below(n));
    }
    case Type::Lognormal:
      return round_clamp(rng.lognormal(std::log(median), sigma), std::max(1.0, min), max);
  }
  return 1;
}

double TokenDistribution::mean() const {
  switch (type) {
    case Type::Constant: return value;
    case Type::Uniform: return 0.5 * (min + max);
    case Type::Lognormal: return median * std::exp(0.5 * sigma * sigma);
  }
  return value;
}

}  // namespace opgsim::workload
