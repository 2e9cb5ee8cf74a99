// Closed-form sums and inverses of a decode run's iteration times; see decode_segment.hpp.
#include "models/gpu/decode_segment.hpp"

#include <cmath>

namespace opgsim::gpu {
namespace {

// Past 2^52 iterations doubles stop counting exactly; no run gets near this.
constexpr double kMaxIterations = 4503599627370496.0;

// Sum of the first n terms of a + b j: a n + b n (n - 1) / 2. Every operation is monotone in n
// under round-to-nearest, so the result never decreases as n grows.
double series(double a, double b, std::uint64_t n) {
  const double x = static_cast<double>(n);
  return a * x + b * (x * (x - 1.0) * 0.5);
}

// Estimate of the largest n with series(a, b, n) <= y: the positive root of
// (b/2) n^2 + (a - b/2) n - y, written in the form that does not cancel (a >= b > 0 here).
double series_inverse(double a, double b, double y) {
  if (y <= 0) return 0;
  const double lin = a - 0.5 * b;
  const double den = lin + std::sqrt(lin * lin + 2.0 * b * y);
  const double n = den > 0 ? 2.0 * y / den : y / a;
  return std::isfinite(n) ? std::floor(n) : kMaxIterations;
}

}  // namespace

void DecodeSegment::start(double t0, const DecodeLines& l, double d, double c0) {
  t0_ = t0;
  const double c_at0 = l.compute_base_s + l.compute_per_ctx_s * c0;
  const double c_slope = l.compute_per_ctx_s * d;
  const double m_at0 = l.memory_base_s + l.memory_per_ctx_s * c0;
  const double m_slope = l.memory_per_ctx_s * d;
  // The line that is higher at j = 0 holds first; the other overtakes only if it is steeper.
  const bool compute_first = c_at0 >= m_at0;
  const double f_at0 = compute_first ? c_at0 : m_at0, f_slope = compute_first ? c_slope : m_slope;
  const double o_at0 = compute_first ? m_at0 : c_at0, o_slope = compute_first ? m_slope : c_slope;
  a1_ = l.fixed_s + f_at0;
  b1_ = f_slope;
  nx_ = UINT64_MAX;
  if (o_slope > f_slope) {
    // other(j) > first(j)  <=>  j > (f_at0 - o_at0) / (o_slope - f_slope) = q >= 0.
    const double q = std::floor((f_at0 - o_at0) / (o_slope - f_slope)) + 1.0;
    if (q < kMaxIterations) {
      nx_ = static_cast<std::uint64_t>(q);
      a2_ = l.fixed_s + o_at0 + o_slope * q;
      b2_ = o_slope;
      offset_nx_ = series(a1_, b1_, nx_);
    }
  }
}

double DecodeSegment::offset(std::uint64_t n) const {
  if (n <= nx_) return series(a1_, b1_, n);
  return offset_nx_ + series(a2_, b2_, n - nx_);
}

double DecodeSegment::time_at(std::uint64_t n) const { return t0_ + offset(n); }

std::uint64_t DecodeSegment::iterations_started_by(double t) const {
  if (!(t > t0_)) return 0;
  const double y = t - t0_;
  double est;
  if (nx_ != UINT64_MAX && y >= offset_nx_)
    est = static_cast<double>(nx_) + series_inverse(a2_, b2_, y - offset_nx_);
  else
    est = series_inverse(a1_, b1_, y);
  std::uint64_t n = static_cast<std::uint64_t>(std::fmin(est, kMaxIterations));
  // The root is only an estimate: settle against time_at itself so the answer is consistent with
  // every time reported (a step or two at most).
  while (time_at(n + 1) <= t) ++n;
  while (n > 0 && time_at(n) > t) --n;
  return n;
}

}  // namespace opgsim::gpu
