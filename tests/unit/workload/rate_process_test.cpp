// Rate-driven arrivals (poisson / ramp / phases): counts, inter-arrival law, the shape of a ramp,
// joins between pieces, superposition of K clients and reproducibility.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "models/workload/arrivals.hpp"

using namespace opgsim::workload;
using opgsim::Rng;

namespace {

RequestMix simple_mix() {
  RequestMix m;
  m.prompt_tokens.type = TokenDistribution::Type::Constant;
  m.prompt_tokens.value = 100;
  m.output_tokens.type = TokenDistribution::Type::Constant;
  m.output_tokens.value = 10;
  m.class_weights = {1.0};
  return m;
}

std::vector<Arrival> run(std::vector<RatePiece> pieces, double end_s, std::uint64_t seed,
                         double share = 1.0, std::uint64_t index = 0, RequestMix mix = simple_mix()) {
  auto p = make_rate_process(std::move(pieces), share, end_s, std::move(mix),
                             Rng::stream(seed, "test.arrivals", index));
  std::vector<Arrival> out;
  Arrival a;
  while (p->next(a)) out.push_back(a);
  CHECK_FALSE(p->next(a));  // stays finished
  return out;
}

void check_increasing(const std::vector<Arrival>& v, double end) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    REQUIRE(v[i].time_s >= 0);
    REQUIRE(v[i].time_s < end);
    if (i) REQUIRE(v[i].time_s >= v[i - 1].time_s);
  }
}

}  // namespace

TEST_CASE("poisson: count over a long window is rate * T within 4 sd") {
  const double rate = 10, T = 10000;
  const auto v = run({{T, rate, rate}}, 1e9, 1);
  check_increasing(v, T);
  const double expected = rate * T;
  CHECK(std::abs(static_cast<double>(v.size()) - expected) < 4 * std::sqrt(expected));
}

TEST_CASE("poisson: inter-arrival times have mean 1/rate and variance 1/rate^2") {
  const double rate = 5, T = 40000;
  const auto v = run({{T, rate, rate}}, T, 2);
  REQUIRE(v.size() > 1000);
  double prev = 0, sum = 0, sum2 = 0;
  for (const auto& a : v) {
    const double gap = a.time_s - prev;
    prev = a.time_s;
    sum += gap;
    sum2 += gap * gap;
  }
  const double n = static_cast<double>(v.size());
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(mean == doctest::Approx(1 / rate).epsilon(0.01));     // sd 0.22%
  CHECK(var == doctest::Approx(1 / (rate * rate)).epsilon(0.03));  // sd 0.63%
}

TEST_CASE("ramp: arrivals per bin follow the linear rate, rising and falling") {
  const double T = 1000, top = 100;
  for (bool rising : {true, false}) {
    CAPTURE(rising);
    const auto v = run({{T, rising ? 0.0 : top, rising ? top : 0.0}}, 1e9, rising ? 3 : 4);
    check_increasing(v, T);
    const int bins = 20;
    const double w = T / bins;
    std::vector<double> obs(bins, 0);
    for (const auto& a : v) obs[static_cast<int>(a.time_s / w)] += 1;
    double chi2 = 0;
    for (int b = 0; b < bins; ++b) {
      // rate(t) = top * t / T (rising) integrated over the bin; falling is the mirror image.
      const double lo = b * w, hi = lo + w;
      double expected = 0.5 * top / T * (hi * hi - lo * lo);
      if (!rising) expected = 0.5 * top / T * ((T - lo) * (T - lo) - (T - hi) * (T - hi));
      CAPTURE(b);
      CHECK(std::abs(obs[b] - expected) < 4 * std::sqrt(expected));
      chi2 += (obs[b] - expected) * (obs[b] - expected) / expected;
    }
    CHECK(chi2 < 20 + 5 * std::sqrt(40.0));  // 20 degrees of freedom, mean 20, sd sqrt(40)
    CHECK(std::abs(static_cast<double>(v.size()) - top * T / 2) < 4 * std::sqrt(top * T / 2));
  }
}

TEST_CASE("phases: constant, ramp, zero-rate gap, constant join correctly") {
  const std::vector<RatePiece> phases = {{100, 2, 2}, {100, 2, 10}, {100, 0, 0}, {100, 5, 5}};
  const double expected[4] = {200, 600, 0, 500};
  double counts[4] = {0, 0, 0, 0};
  const int runs = 200;
  for (int r = 0; r < runs; ++r) {
    const auto v = run(phases, 1e9, 5, 1.0, r);
    check_increasing(v, 400);
    for (const auto& a : v) counts[static_cast<int>(a.time_s / 100)] += 1;
  }
  CHECK(counts[2] == 0);
  for (int k : {0, 1, 3}) {
    CAPTURE(k);
    const double e = expected[k] * runs;
    CHECK(std::abs(counts[k] - e) < 4 * std::sqrt(e));
  }
}

TEST_CASE("splitting a piece does not change the process (the exponential is carried over)") {
  // Same stream, one piece vs. the same rate cut into pieces: identical arrivals up to rounding.
  const auto whole = run({{300, 4, 4}}, 1e9, 6);
  const auto split = run({{100, 4, 4}, {0, 4, 4}, {50, 4, 4}, {150, 4, 4}}, 1e9, 6);
  REQUIRE(whole.size() == split.size());
  for (std::size_t i = 0; i < whole.size(); ++i) CHECK(split[i].time_s == doctest::Approx(whole[i].time_s).epsilon(1e-9));

  const auto ramp = run({{200, 0, 8}}, 1e9, 7);
  const auto ramp_split = run({{80, 0, 3.2}, {120, 3.2, 8}}, 1e9, 7);
  REQUIRE(ramp.size() == ramp_split.size());
  for (std::size_t i = 0; i < ramp.size(); ++i) CHECK(ramp_split[i].time_s == doctest::Approx(ramp[i].time_s).epsilon(1e-9));
}

TEST_CASE("rate_share 1/K: K clients superpose to the full rate") {
  const int K = 4;
  const double rate = 20, T = 2000;
  std::size_t total = 0;
  for (int k = 0; k < K; ++k) {
    const auto v = run({{T, rate, rate}}, T, 8, 1.0 / K, k);
    const double e = rate * T / K;
    CHECK(std::abs(static_cast<double>(v.size()) - e) < 4 * std::sqrt(e));
    total += v.size();
  }
  CHECK(std::abs(static_cast<double>(total) - rate * T) < 4 * std::sqrt(rate * T));
}

TEST_CASE("end_s cuts the process, an infinite constant piece runs until end_s") {
  const auto v = run({{1000, 10, 10}}, 50, 9);
  check_increasing(v, 50);
  CHECK(std::abs(static_cast<double>(v.size()) - 500) < 4 * std::sqrt(500.0));
  const double inf = std::numeric_limits<double>::infinity();
  const auto w = run({{inf, 10, 10}}, 100, 9);
  check_increasing(w, 100);
  CHECK(std::abs(static_cast<double>(w.size()) - 1000) < 4 * std::sqrt(1000.0));
  CHECK(run({{10, 1, 1}, {inf, 0, 0}}, inf, 9).size() > 0);  // ends after the zero-rate forever piece
}

TEST_CASE("no arrivals: zero rate, no pieces, zero share, end_s 0") {
  CHECK(run({{100, 0, 0}}, 1e9, 10).empty());
  CHECK(run({}, 1e9, 10).empty());
  CHECK(run({{100, 5, 5}}, 1e9, 10, 0.0).empty());
  CHECK(run({{100, 5, 5}}, 0, 10).empty());
}

TEST_CASE("same seed gives the same stream, another index gives another") {
  RequestMix mix = simple_mix();
  mix.prompt_tokens.type = TokenDistribution::Type::Lognormal;
  mix.prompt_tokens.median = 500;
  mix.prompt_tokens.sigma = 1;
  mix.prompt_tokens.max = 8000;
  mix.output_tokens.type = TokenDistribution::Type::Uniform;
  mix.output_tokens.min = 10;
  mix.output_tokens.max = 300;
  mix.class_weights = {1, 2, 3};
  const auto a = run({{500, 3, 3}, {500, 3, 9}}, 1e9, 11, 1.0, 0, mix);
  const auto b = run({{500, 3, 3}, {500, 3, 9}}, 1e9, 11, 1.0, 0, mix);
  const auto c = run({{500, 3, 3}, {500, 3, 9}}, 1e9, 11, 1.0, 1, mix);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].time_s == b[i].time_s);
    CHECK(a[i].class_index == b[i].class_index);
    CHECK(a[i].prompt_tokens == b[i].prompt_tokens);
    CHECK(a[i].output_tokens == b[i].output_tokens);
  }
  REQUIRE(!c.empty());
  CHECK(c[0].time_s != a[0].time_s);
}

TEST_CASE("classes are drawn by weight, zero-weight classes never appear") {
  RequestMix mix = simple_mix();
  mix.class_weights = {1, 0, 3};
  const auto v = run({{10000, 10, 10}}, 1e9, 12, 1.0, 0, mix);
  double n[3] = {0, 0, 0};
  for (const auto& a : v) {
    REQUIRE(a.class_index < 3);
    n[a.class_index] += 1;
  }
  const double total = static_cast<double>(v.size());
  CHECK(n[1] == 0);
  CHECK(std::abs(n[0] - total / 4) < 4 * std::sqrt(total * 0.25 * 0.75));
  CHECK(v.front().prompt_tokens == 100);
  CHECK(v.front().output_tokens == 10);
}

TEST_CASE("invalid rate pieces and weights are rejected") {
  auto make = [](std::vector<RatePiece> p, std::vector<double> w) {
    RequestMix m = simple_mix();
    m.class_weights = std::move(w);
    return make_rate_process(std::move(p), 1.0, 100, m, Rng(1));
  };
  CHECK_THROWS_AS(make({{-1, 1, 1}}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(make({{10, -1, 1}}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(make({{10, 1, std::nan("")}}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(make({{std::numeric_limits<double>::infinity(), 1, 2}}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(make({{10, 1, 1}}, {0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(make({{10, 1, 1}}, {1, -1}), std::invalid_argument);
  CHECK_NOTHROW(make({{10, 1, 1}}, {}));
}
