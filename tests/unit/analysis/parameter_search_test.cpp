// Unit tests for analysis/parameter_search against closed-form monotone functions: the lowest fee
// that keeps 20 operators (operators = 30 fee / (fee + 0.05): exactly 20 at fee 0.1), the fewest
// verifiers that keep finality p99 <= 60 s (p99 = 600 / verifiers: 10), in both directions,
// bounded and not, on reals and integers; a bound reached, a reversed function, bad options.
#include "analysis/parameter_search.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "analysis/capacity_search.hpp"
#include "models/common/input_error.hpp"

using namespace opgsim::analysis;

namespace {

double operators(double fee) { return 30 * fee / (fee + 0.05); }
bool keeps_20(double fee) { return operators(fee) >= 20; }  // holds from fee 0.1 up
bool finality_ok(double verifiers) { return 600 / verifiers <= 60; }  // holds from 10 verifiers up

SearchOptions lowest() {
  SearchOptions o;
  o.find = SearchFind::Lowest;
  return o;
}

}  // namespace

TEST_CASE("lowest fee that keeps 20 operators, from a start that meets it (halving down)") {
  SearchOptions o = lowest();
  o.start = 1;
  const SearchResult r = search_parameter(keeps_20, o);
  CHECK(r.found);
  CHECK(r.bracketed);
  CHECK(r.note.empty());
  CHECK(r.met >= 0.1);
  CHECK(r.failed < 0.1);
  CHECK((r.met - r.failed) / r.met <= o.rel_precision);
  CHECK(r.met == doctest::Approx(0.1).epsilon(0.01));
  REQUIRE(r.probes.size() >= 5);
  CHECK(r.probes[0].value == 1);
  CHECK(r.probes[4].value == 0.0625);  // 1, 0.5, 0.25, 0.125 met; 0.0625 failed
  CHECK_FALSE(r.probes[4].met);
  for (const SearchProbe& p : r.probes) CHECK(p.met == (p.value >= r.met));  // every probe on its side
}

TEST_CASE("lowest fee from a start that fails (doubling up), and bounded (bisecting between the bounds)") {
  SearchOptions o = lowest();
  o.start = 0.001;
  SearchResult r = search_parameter(keeps_20, o);
  CHECK(r.bracketed);
  CHECK(r.met == doctest::Approx(0.1).epsilon(0.01));
  o = lowest();
  o.min = 0;
  o.max = 1;
  o.rel_precision = 1e-4;
  r = search_parameter(keeps_20, o);
  CHECK(r.bracketed);
  CHECK(r.probes[0].value == 1);  // the meeting end first, then the failing end
  CHECK(r.probes[1].value == 0);
  CHECK(r.met >= 0.1);
  CHECK(r.met - r.failed <= 1e-4 * r.met);
  CHECK(r.met == doctest::Approx(0.1).epsilon(1e-4));
  // An answer at the bound 0 ends too (a millionth of the range is the floor of the precision).
  o = {};
  o.min = 0;
  o.max = 1;
  o.find = SearchFind::Lowest;
  r = search_parameter([](double x) { return x > 0; }, o);
  CHECK(r.bracketed);
  CHECK(r.failed == 0);
  CHECK(r.met <= 1e-6);
  CHECK(r.runs <= 2 + 20);
}

TEST_CASE("fewest verifiers that keep finality p99 <= 60 s: integers, bounded and not") {
  SearchOptions o = lowest();
  o.integer = true;
  o.min = 1;
  o.max = 64;
  SearchResult r = search_parameter(finality_ok, o);
  CHECK(r.bracketed);
  CHECK(r.note.empty());
  CHECK(r.met == 10);
  CHECK(r.failed == 9);
  for (const SearchProbe& p : r.probes) CHECK(p.value == std::floor(p.value));
  CHECK(r.runs <= 2 + 7);  // the two bounds, then log2(63) halvings
  o = lowest();
  o.integer = true;
  o.start = 3;  // 3, 6 fail; 12 meets; bisect 9, 10 (or 11)
  r = search_parameter(finality_ok, o);
  CHECK(r.met == 10);
  CHECK(r.failed == 9);
  CHECK(r.probes[0].value == 3);
  CHECK(r.probes[1].value == 6);
  CHECK(r.probes[2].value == 12);
}

TEST_CASE("the highest value: the same answer and the same probes as the capacity search") {
  const auto step = [](double x) { return x <= 123.4; };
  SearchOptions o;
  std::vector<double> tried;
  const SearchResult r = search_parameter([&](double x) { tried.push_back(x); return step(x); }, o);
  std::vector<double> classic_tried;
  const CapacityResult c = search_capacity([&](double x) { classic_tried.push_back(x); return step(x); }, {});
  CHECK(tried == classic_tried);
  CHECK(r.met == c.lo);
  CHECK(r.failed == c.hi);
  // Highest integer in bounds: the most verifiers a budget allows, say 600 / v >= 25 -> v <= 24.
  o.integer = true;
  o.min = 1;
  o.max = 100;
  const SearchResult i = search_parameter([](double v) { return 600 / v >= 25; }, o);
  CHECK(i.met == 24);
  CHECK(i.failed == 25);
}

TEST_CASE("a search that meets the SLO at its bound on the failing side gives the bound, with a note") {
  SearchOptions o = lowest();
  o.min = 0.2;
  o.max = 1;
  SearchResult r = search_parameter(keeps_20, o);
  CHECK(r.found);
  CHECK(r.at_bound);
  CHECK_FALSE(r.bracketed);
  CHECK(r.met == 0.2);
  CHECK(r.note == "met the SLO even at 0.2 (--min): the answer is there or beyond");
  o = lowest();
  o.min = 0.2;  // one bound: halving from 1 stops there
  o.start = 1;
  r = search_parameter(keeps_20, o);
  CHECK(r.at_bound);
  CHECK(r.met == 0.2);
}

TEST_CASE("never met, and a function going the other way, are not found, the other way named non-monotone") {
  SearchOptions o = lowest();
  o.min = 0;
  o.max = 0.05;
  SearchResult r = search_parameter(keeps_20, o);
  CHECK_FALSE(r.found);
  CHECK(r.note == "failed the SLO even at 0.05 (--max)");
  // keeps_20 rises with the fee: searched as "highest", the bounds contradict the assumption.
  o = {};
  o.min = 0;
  o.max = 1;
  r = search_parameter(keeps_20, o);
  CHECK_FALSE(r.found);
  CHECK(r.non_monotone);
  CHECK(r.note.find("not monotone: 0 failed the SLO and 1 met it, on the wrong side for --find highest") == 0);
  // Unbounded reals: halving gives up after 20 halvings.
  o = lowest();
  o.start = 1;
  r = search_parameter([](double) { return true; }, o);
  CHECK_FALSE(r.found);
  CHECK(r.runs == 21);
  CHECK(r.note.find("met the SLO at every value tried, down to") == 0);
}

TEST_CASE("parameter search rejects options out of range") {
  SearchOptions o;
  o.min = 2;
  o.max = 1;
  CHECK_THROWS_WITH_AS(search_parameter(keeps_20, o), "--min (2) must be below --max (1)", opgsim::InputError);
  o = {};
  o.integer = true;
  o.min = 0.5;
  o.max = 3;
  CHECK_THROWS_WITH_AS(search_parameter(keeps_20, o), "--min and --max of an integer parameter must be integers",
                       opgsim::InputError);
  o = {};
  o.start = 0;
  CHECK_THROWS_WITH_AS(search_parameter(keeps_20, o),
                       "--start must be a positive number (or give both --min and --max), got 0", opgsim::InputError);
  o.min = -1;
  o.max = 1;
  CHECK_NOTHROW(search_parameter(keeps_20, o));  // bounded: the start is not used
}
