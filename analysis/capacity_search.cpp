// Capacity search by bracketing and geometric bisection (see capacity_search.hpp).
#include "analysis/capacity_search.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace {

constexpr int kMaxHalvings = 20;  // the tiniest rate tried is start / 2^20

}  // namespace

CapacityResult search_capacity(const std::function<bool(double)>& meets, const CapacityOptions& opt) {
  if (!(opt.start_rps > 0) || !std::isfinite(opt.start_rps))
    throw InputError(fmt::format("capacity search: start_rps must be a positive number, got {}", opt.start_rps));
  if (!(opt.rel_precision > 0) || !std::isfinite(opt.rel_precision))
    throw InputError(
        fmt::format("capacity search: rel_precision must be a positive number, got {}", opt.rel_precision));
  if (opt.max_runs < 1) throw InputError("capacity search: max_runs must be at least 1, got 0");

  CapacityResult r;
  auto run = [&](double rate) {
    ++r.runs;
    const bool ok = meets(rate);
    if (ok) r.lo = rate;  // bracketing and bisection only ever probe above lo and below hi
    else r.hi = rate;
    return ok;
  };

  // Bracketing.
  double rate = opt.start_rps;
  if (run(rate)) {
    while (r.hi == 0) {
      if (r.runs >= opt.max_runs) {
        r.note = fmt::format("met the SLO at every rate tried, up to {} req/s; max_runs ({}) reached before a rate failed",
                             r.lo, opt.max_runs);
        return r;
      }
      rate *= 2;
      if (!std::isfinite(rate)) {
        r.note = fmt::format("met the SLO at every rate tried, up to {} req/s; no higher rate to try", r.lo);
        return r;
      }
      run(rate);
    }
  } else {
    const double tiny = std::ldexp(opt.start_rps, -kMaxHalvings);
    while (r.lo == 0) {
      if (rate <= tiny) {
        r.note = fmt::format("failed the SLO even at {} req/s (start_rps / 2^{})", rate, kMaxHalvings);
        return r;
      }
      if (r.runs >= opt.max_runs) {
        r.note = fmt::format("failed the SLO at every rate tried, down to {} req/s; max_runs ({}) reached before a rate met it",
                             r.hi, opt.max_runs);
        return r;
      }
      rate /= 2;
      run(rate);
    }
  }
  r.bracketed = true;

  // Bisection.
  while ((r.hi - r.lo) / r.lo > opt.rel_precision) {
    if (r.runs >= opt.max_runs) {
      r.note = fmt::format("max_runs ({}) reached before the precision: capacity in [{}, {}] req/s ({:.3g} % wide)",
                           opt.max_runs, r.lo, r.hi, 100 * (r.hi - r.lo) / r.lo);
      return r;
    }
    const double mid = std::sqrt(r.lo) * std::sqrt(r.hi);  // no overflow of lo * hi
    if (!(mid > r.lo && mid < r.hi)) break;  // adjacent doubles: nothing left between them
    run(mid);
  }
  return r;
}

}  // namespace opgsim::analysis
