// The rate grid (see rate_grid.hpp).
#include "sim/horizon/rate_grid.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace opgsim::horizon {

RateGrid::RateGrid(double anchor, double step) : anchor_(anchor), step_(step), log_ratio_(std::log1p(step)) {
  if (!(anchor > 0 && std::isfinite(anchor)) || !(step > 0 && std::isfinite(step)))
    throw std::logic_error(fmt::format("RateGrid: anchor {} and step {} must be finite and > 0", anchor, step));
}

double RateGrid::point(long k) const { return anchor_ * std::exp(static_cast<double>(k) * log_ratio_); }

RateBracket RateGrid::bracket(double rate) const {
  if (!(rate > 0 && std::isfinite(rate))) throw std::logic_error(fmt::format("RateGrid::bracket: rate {} must be > 0", rate));
  const double x = std::log(rate / anchor_) / log_ratio_;
  const long k = std::lround(x);
  if (std::abs(rate - point(k)) <= 1e-9 * rate) return {point(k), point(k), 0};
  const auto below = static_cast<long>(std::floor(x));
  RateBracket b{point(below), point(below + 1), 0};
  // floor of a value a rounding error below an integer: keep lo <= rate <= hi.
  if (rate < b.lo) b = {point(below - 1), b.lo, 0};
  if (rate > b.hi) b = {b.hi, point(below + 2), 0};
  b.weight = (rate - b.lo) / (b.hi - b.lo);
  return b;
}

}  // namespace opgsim::horizon
