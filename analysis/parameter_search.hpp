// Search over any scenario parameter for the highest or the lowest value that meets an SLO:
// "the highest rate that keeps p99 under 10 s" (capacity_search.hpp's search, which this
// generalises), "the lowest fee that keeps 20 operators", "the fewest verifiers that keep
// finality p99 under 60 s" (an integer parameter). Pure: the caller runs a simulation inside the
// callback and says whether it met the SLO. No SimGrid.
//
// Monotonicity is assumed: for --find highest the SLO holds below the answer and fails above
// it; for --find lowest it fails below and holds above. A probe that contradicts it (a value that
// met on the failing side of one that failed, e.g. the two bounds the wrong way round) is
// reported as non-monotone instead of giving a number.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace opgsim::analysis {

enum class SearchFind { Highest, Lowest };

struct SearchOptions {
  SearchFind find = SearchFind::Highest;
  double start = 10;              // first value tried when not both bounds are given (> 0 then)
  double rel_precision = 0.01;    // reals: stop when |fail - met| <= this x |met| (or 1e-6 x (max - min))
  std::uint32_t max_runs = 40;    // calls of meets() per search (>= 1)
  bool integer = false;           // integer values only; stops when |fail - met| <= 1
  std::optional<double> min, max; // bounds of the values tried (both: bisect between them)
};

struct SearchProbe {
  double value;
  bool met;
};

// met: the best value seen to meet the SLO (the highest, or the lowest); failed: the nearest value
// seen to fail beyond it. found: some value met and either one beyond it failed (bracketed), or
// the search reached the bound on the failing side still meeting it (at_bound: the answer is that
// bound, or beyond the range). note: empty when the search reached its precision; otherwise why
// not (never met, max_runs, at a bound, non-monotone).
struct SearchResult {
  bool found = false, bracketed = false, at_bound = false, non_monotone = false;
  double met = 0, failed = 0;
  bool has_met = false, has_failed = false;
  std::uint32_t runs = 0;
  std::string note;
  std::vector<SearchProbe> probes;  // every value tried, in order
};

// Without both bounds: from `start`, double (integers: at least +1) toward the failing side
// while the SLO holds, or halve (integers: rounded down) toward the meeting side while it fails,
// within a given bound (reals without --min stop after 20 halvings), then bisect (geometric
// midpoint for positive reals, as the capacity search; the rounded-down arithmetic one for
// integers). With both bounds: try the meeting end, then the failing end, then bisect
// arithmetically. Throws InputError for options out of range (naming --start, --min, --max,
// --precision as the command spells them); exceptions from meets() propagate.
SearchResult search_parameter(const std::function<bool(double)>& meets, const SearchOptions& opt);

// The InputError search_parameter throws for options out of range, without searching.
void check_search_options(const SearchOptions& opt);

// "highest" / "lowest".
const char* find_name(SearchFind f);

}  // namespace opgsim::analysis
