// Search for the highest or lowest value meeting an SLO (see parameter_search.hpp).
#include "analysis/parameter_search.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace {

constexpr int kMaxHalvings = 20;  // reals without --min: the smallest value tried is start / 2^20

std::string shown(double x, bool integer) { return integer ? fmt::format("{:.0f}", x) : fmt::format("{:g}", x); }

class Search {
public:
  Search(const std::function<bool(double)>& meets, const SearchOptions& opt)
      : meets_(meets), opt_(opt), highest_(opt.find == SearchFind::Highest) {}

  SearchResult run() {
    if (opt_.min && opt_.max) bounded();
    else unbounded();
    return r_;
  }

private:
  bool probe(double x) {
    ++r_.runs;
    const bool ok = meets_(x);
    r_.probes.push_back({x, ok});
    // A value that met beyond one that failed (or failed short of one that met) contradicts
    // monotonicity; the bisection only probes between the two, so this shows in the bracketing.
    if (ok && r_.has_failed && beyond(x, r_.failed)) r_.non_monotone = true;
    if (!ok && r_.has_met && beyond(r_.met, x)) r_.non_monotone = true;
    if (ok) r_.met = x, r_.has_met = true;
    else r_.failed = x, r_.has_failed = true;
    return ok;
  }
  // Whether a lies on the failing side of b.
  bool beyond(double a, double b) const { return highest_ ? a > b : a < b; }
  std::string s(double x) const { return shown(x, opt_.integer); }
  const char* fail_side() const { return highest_ ? "higher" : "lower"; }
  const char* bound_flag(bool fail_side) const { return (fail_side == highest_) ? "--max" : "--min"; }

  // One step from x: up (double) or down (halve), clamped to the bounds; x itself when none is left.
  double up(double x) const {
    double y = opt_.integer ? std::max(2 * x, x + 1) : 2 * x;
    if (opt_.max && y > *opt_.max) y = *opt_.max;
    return y;
  }
  double down(double x) const {
    double y = opt_.integer ? std::floor(x / 2) : x / 2;
    if (opt_.min && y < *opt_.min) y = *opt_.min;
    return y;
  }

  void non_monotone_note() {
    r_.found = false;
    r_.note = fmt::format("not monotone: {} failed the SLO and {} met it, on the wrong side for --find {} (does the "
                          "metric move the other way, or is it too noisy at this length?)",
                          s(r_.failed), s(r_.met), find_name(opt_.find));
  }

  void bounded() {
    const double lo = *opt_.min, hi = *opt_.max;
    const double meet_end = highest_ ? lo : hi, fail_end = highest_ ? hi : lo;
    if (!probe(meet_end)) {
      if (r_.runs < opt_.max_runs && probe(fail_end)) return non_monotone_note();
      r_.note = fmt::format("failed the SLO even at {} ({})", s(meet_end), bound_flag(false));
      return;
    }
    if (r_.runs >= opt_.max_runs) {
      r_.note = fmt::format("max_runs ({}) reached before {} was tried", opt_.max_runs, s(fail_end));
      return;
    }
    if (probe(fail_end)) {
      r_.found = r_.at_bound = true;
      r_.note = fmt::format("met the SLO even at {} ({}): the answer is there or beyond", s(fail_end), bound_flag(true));
      return;
    }
    r_.found = r_.bracketed = true;
    bisect(hi - lo);
  }

  void unbounded() {
    double x = opt_.start;
    if (opt_.integer) x = std::round(x);
    if (opt_.min && x < *opt_.min) x = *opt_.min;
    if (opt_.max && x > *opt_.max) x = *opt_.max;
    const double tiny = std::ldexp(opt_.start, -kMaxHalvings);
    const auto step = [&](double v, bool toward_fail) { return (toward_fail == highest_) ? up(v) : down(v); };
    // Whether stepping from v toward that side leaves nothing new to try (a bound, 0, or 2^-20).
    const auto stuck = [&](double v, double next, bool going_down) {
      if (next == v || !std::isfinite(next)) return true;
      return going_down && !opt_.integer && !opt_.min && v <= tiny;
    };
    if (probe(x)) {
      while (!r_.has_failed) {
        const double next = step(x, true);
        if (stuck(x, next, !highest_)) {
          const bool bound = highest_ ? opt_.max.has_value() : opt_.min.has_value();
          if (bound) {
            r_.found = r_.at_bound = true;
            r_.note = fmt::format("met the SLO even at {} ({}): the answer is there or beyond", s(x), bound_flag(true));
          } else {
            r_.note = fmt::format("met the SLO at every value tried, {} to {}; no {} value to try",
                                  highest_ ? "up" : "down", s(r_.met), fail_side());
          }
          return;
        }
        if (r_.runs >= opt_.max_runs) {
          r_.note = fmt::format("met the SLO at every value tried, {} to {}; max_runs ({}) reached before a value failed",
                                highest_ ? "up" : "down", s(r_.met), opt_.max_runs);
          return;
        }
        x = next;
        probe(x);
      }
    } else {
      while (!r_.has_met) {
        const double next = step(x, false);
        if (stuck(x, next, highest_)) {
          r_.note = fmt::format("failed the SLO even at {}", s(x));
          return;
        }
        if (r_.runs >= opt_.max_runs) {
          r_.note = fmt::format("failed the SLO at every value tried, {} to {}; max_runs ({}) reached before a value met it",
                                highest_ ? "down" : "up", s(r_.failed), opt_.max_runs);
          return;
        }
        x = next;
        probe(x);
      }
    }
    if (r_.non_monotone) return non_monotone_note();
    r_.found = r_.bracketed = true;
    bisect(0);
  }

  // Between met and failed until the precision; `range` is max - min when bounded, else 0.
  void bisect(double range) {
    while (true) {
      const double gap = std::abs(r_.failed - r_.met);
      // Reals: relative to the answer; a millionth of the range is the floor, so that an answer at 0 ends.
      if (opt_.integer ? gap <= 1 : (gap <= opt_.rel_precision * std::abs(r_.met) || gap <= 1e-6 * range))
        break;
      if (r_.runs >= opt_.max_runs) {
        r_.note = fmt::format("max_runs ({}) reached before the precision: the answer is between {} and {}",
                              opt_.max_runs, s(r_.met), s(r_.failed));
        return;
      }
      const double a = std::min(r_.met, r_.failed), b = std::max(r_.met, r_.failed);
      double mid;
      if (opt_.integer) mid = std::floor(a / 2 + b / 2);
      else if (a > 0 && range == 0) mid = std::sqrt(a) * std::sqrt(b);  // no overflow of a * b
      else mid = a + (b - a) / 2;
      if (!(mid > a && mid < b)) break;  // adjacent doubles: nothing left between them
      probe(mid);
    }
  }

  const std::function<bool(double)>& meets_;
  const SearchOptions& opt_;
  const bool highest_;
  SearchResult r_;
};

}  // namespace

const char* find_name(SearchFind f) { return f == SearchFind::Highest ? "highest" : "lowest"; }

void check_search_options(const SearchOptions& opt) {
  const bool bounded = opt.min && opt.max;
  if (opt.min && !std::isfinite(*opt.min)) throw InputError(fmt::format("--min must be a finite number, got {}", *opt.min));
  if (opt.max && !std::isfinite(*opt.max)) throw InputError(fmt::format("--max must be a finite number, got {}", *opt.max));
  if (bounded && !(*opt.min < *opt.max))
    throw InputError(fmt::format("--min ({}) must be below --max ({})", *opt.min, *opt.max));
  if (opt.integer && ((opt.min && std::floor(*opt.min) != *opt.min) || (opt.max && std::floor(*opt.max) != *opt.max)))
    throw InputError("--min and --max of an integer parameter must be integers");
  if (!bounded && (!(opt.start > 0) || !std::isfinite(opt.start)))
    throw InputError(fmt::format("--start must be a positive number (or give both --min and --max), got {}", opt.start));
  if (!(opt.rel_precision > 0) || !std::isfinite(opt.rel_precision))
    throw InputError(fmt::format("--precision must be a positive number, got {}", opt.rel_precision));
  if (opt.max_runs < 1) throw InputError("capacity search: max_runs must be at least 1, got 0");
}

SearchResult search_parameter(const std::function<bool(double)>& meets, const SearchOptions& opt) {
  check_search_options(opt);
  return Search(meets, opt).run();
}

}  // namespace opgsim::analysis
