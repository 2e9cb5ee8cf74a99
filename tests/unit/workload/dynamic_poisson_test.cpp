// Poisson arrivals with a rate set from outside: counts per rate, nothing at rate 0, redrawing
// at a rate change, the end time and reproducibility.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "models/workload/dynamic_poisson.hpp"

using namespace opgsim::workload;
using opgsim::Rng;

namespace {
RequestMix one_class() {
  RequestMix m;
  m.prompt_tokens.type = TokenDistribution::Type::Constant;
  m.prompt_tokens.value = 7;
  m.output_tokens.type = TokenDistribution::Type::Constant;
  m.output_tokens.value = 3;
  m.class_weights = {1.0};
  return m;
}

// Arrivals in [from, to) at `rate`, starting the process afresh at `from`.
int count(DynamicPoisson& p, double rate, double from, double to) {
  p.set_rate(rate, from);
  int n = 0;
  Arrival a;
  while (p.next(a) && a.time_s < to) {
    CHECK(a.time_s >= from);
    CHECK(a.prompt_tokens == 7);
    ++n;
  }
  return n;
}
}  // namespace

TEST_CASE("dynamic Poisson: no arrival at rate 0, counts follow the rate after each change") {
  DynamicPoisson p(one_class(), 1e9, Rng::stream(1, "test.dynamic"));
  Arrival a;
  CHECK_FALSE(p.next(a));  // rate 0 until set
  // 100,000 expected at each rate: within 4 standard deviations (1.3 %).
  const int slow = count(p, 10, 0, 10'000);
  const int fast = count(p, 50, 10'000, 12'000);
  CHECK(std::abs(slow - 100'000) < 1'300);
  CHECK(std::abs(fast - 100'000) < 1'300);
  CHECK(count(p, 0, 12'000, 20'000) == 0);
}

TEST_CASE("dynamic Poisson stops at end_s, rejects bad rates and repeats itself with the same seed") {
  DynamicPoisson p(one_class(), 5.0, Rng::stream(2, "test.dynamic"));
  p.set_rate(1000, 0);
  Arrival a;
  double last = 0;
  int n = 0;
  while (p.next(a)) last = a.time_s, ++n;
  CHECK(last < 5.0);
  CHECK(n > 4000);
  CHECK_THROWS_AS(p.set_rate(-1, 0), std::invalid_argument);
  CHECK_THROWS_AS(p.set_rate(std::nan(""), 0), std::invalid_argument);
  DynamicPoisson x(one_class(), 100, Rng::stream(3, "test.dynamic")), y(one_class(), 100, Rng::stream(3, "test.dynamic"));
  x.set_rate(3, 0);
  y.set_rate(3, 0);
  Arrival ax, ay;
  for (int i = 0; i < 100 && x.next(ax); ++i) {
    REQUIRE(y.next(ay));
    CHECK(ax.time_s == ay.time_s);
  }
}
