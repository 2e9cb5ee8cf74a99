// Unit tests for analysis/capacity_search against closed-form oracles: a step at 123.4 req/s
// (from above and below the start, never met, cut by max_runs) and the M/M/1 mean wait.
#include "analysis/capacity_search.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "analysis/queueing.hpp"
#include "models/common/input_error.hpp"

using namespace opgsim::analysis;

namespace {

constexpr double kCapacity = 123.4;

bool step(double rate) { return rate <= kCapacity; }

void check_bracket(const CapacityResult& r, double capacity, const CapacityOptions& opt) {
  CHECK(r.bracketed);
  CHECK(r.note.empty());
  CHECK(r.lo <= capacity);
  CHECK(capacity < r.hi);
  CHECK((r.hi - r.lo) / r.lo <= opt.rel_precision);
  CHECK(r.lo == doctest::Approx(capacity).epsilon(0.01));
  CHECK(r.runs <= opt.max_runs);
}

}  // namespace

TEST_CASE("capacity search finds a step from below the start") {
  CapacityOptions opt;  // start 10: doubles up to 160
  std::vector<double> tried;
  const CapacityResult r = search_capacity([&](double x) { tried.push_back(x); return step(x); }, opt);
  check_bracket(r, kCapacity, opt);
  CHECK(r.runs == tried.size());
  REQUIRE(tried.size() >= 5);
  CHECK(tried[0] == 10);
  CHECK(tried[4] == 160);
  for (double x : tried) CHECK((x <= r.lo || x >= r.hi));  // lo is the highest met, hi the lowest failed
}

TEST_CASE("capacity search finds a step from above the start") {
  CapacityOptions opt;
  opt.start_rps = 5000;  // halves down to 78.125
  const CapacityResult r = search_capacity(step, opt);
  check_bracket(r, kCapacity, opt);
}

TEST_CASE("capacity search with a tighter precision") {
  CapacityOptions opt;
  opt.start_rps = 1;
  opt.rel_precision = 1e-6;
  const CapacityResult r = search_capacity(step, opt);
  check_bracket(r, kCapacity, opt);
  CHECK(r.lo == doctest::Approx(kCapacity).epsilon(1e-6));
}

TEST_CASE("capacity search reports a rate that never meets the SLO") {
  CapacityOptions opt;
  int runs = 0;
  const CapacityResult r = search_capacity([&](double) { ++runs; return false; }, opt);
  CHECK_FALSE(r.bracketed);
  CHECK(r.lo == 0);
  CHECK(r.hi == doctest::Approx(10.0 / (1 << 20)));
  CHECK(r.runs == 21);  // start and 20 halvings
  CHECK(runs == 21);
  CHECK(r.note.find("failed the SLO even at") == 0);
  CHECK(r.note.find("start_rps / 2^20") != std::string::npos);
}

TEST_CASE("capacity search stops at max_runs") {
  SUBCASE("before a rate fails") {
    CapacityOptions opt;
    opt.max_runs = 3;
    const CapacityResult r = search_capacity([](double) { return true; }, opt);
    CHECK_FALSE(r.bracketed);
    CHECK(r.runs == 3);
    CHECK(r.lo == 40);
    CHECK(r.hi == 0);
    CHECK(r.note.find("max_runs (3) reached") != std::string::npos);
  }
  SUBCASE("before a rate meets") {
    CapacityOptions opt;
    opt.start_rps = 1e6;
    opt.max_runs = 4;
    const CapacityResult r = search_capacity(step, opt);
    CHECK_FALSE(r.bracketed);
    CHECK(r.runs == 4);
    CHECK(r.lo == 0);
    CHECK(r.hi == 125000);
    CHECK(r.note.find("max_runs (4) reached") != std::string::npos);
  }
  SUBCASE("while bisecting") {
    CapacityOptions opt;
    opt.max_runs = 7;  // 10..160 bracket after 5 runs, 2 bisections
    const CapacityResult r = search_capacity(step, opt);
    CHECK(r.bracketed);
    CHECK(r.runs == 7);
    CHECK(r.lo <= kCapacity);
    CHECK(kCapacity < r.hi);
    CHECK((r.hi - r.lo) / r.lo > opt.rel_precision);
    CHECK(r.note.find("max_runs (7) reached before the precision") == 0);
  }
}

TEST_CASE("capacity search rejects options out of range") {
  CapacityOptions opt;
  opt.start_rps = 0;
  CHECK_THROWS_WITH_AS(search_capacity(step, opt), "capacity search: start_rps must be a positive number, got 0",
                       opgsim::InputError);
  opt = {};
  opt.rel_precision = -1;
  CHECK_THROWS_AS(search_capacity(step, opt), opgsim::InputError);
  opt = {};
  opt.max_runs = 0;
  CHECK_THROWS_AS(search_capacity(step, opt), opgsim::InputError);
}

TEST_CASE("capacity search on M/M/1: mean wait <= 2 s at mu = 1 gives lambda = 2/3") {
  // W_q = lambda / (mu (mu - lambda)) <= 2 at mu = 1  <=>  lambda <= 2/3. Unstable rates fail.
  const auto meets = [](double lambda) { return lambda < 1.0 && mmc_mean_wait(1, lambda, 1.0) <= 2.0; };
  for (double start : {0.01, 0.5, 10.0}) {
    CAPTURE(start);
    CapacityOptions opt;
    opt.start_rps = start;
    const CapacityResult r = search_capacity(meets, opt);
    check_bracket(r, 2.0 / 3.0, opt);
  }
}
