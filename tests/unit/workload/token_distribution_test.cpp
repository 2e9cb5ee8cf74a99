// Token-count distributions: values, bounds, sample means and the lognormal median.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "models/workload/token_distribution.hpp"

using opgsim::Rng;
using opgsim::workload::TokenDistribution;

TEST_CASE("constant gives its rounded value, at least 1, and draws nothing") {
  TokenDistribution d;
  d.type = TokenDistribution::Type::Constant;
  d.value = 128.4;
  Rng rng(7), untouched(7);
  for (int i = 0; i < 10; ++i) CHECK(d.sample(rng) == 128);
  CHECK(rng.next_u64() == untouched.next_u64());
  d.value = 0;
  CHECK(d.sample(rng) == 1);
  CHECK(d.mean() == 0);
}

TEST_CASE("uniform covers every integer of [min, max] evenly") {
  TokenDistribution d;
  d.type = TokenDistribution::Type::Uniform;
  d.min = 10;
  d.max = 20;
  Rng rng(11);
  std::vector<int> hits(21, 0);
  const int n = 110000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const auto v = d.sample(rng);
    REQUIRE(v >= 10);
    REQUIRE(v <= 20);
    ++hits[v];
    sum += v;
  }
  for (int v = 10; v <= 20; ++v) CHECK(std::abs(hits[v] - 10000) < 4 * 95);  // sd ~ 95
  CHECK(sum / n == doctest::Approx(15).epsilon(0.005));
  CHECK(d.mean() == 15);
}

TEST_CASE("uniform with min below 1 never gives 0 tokens, min == max is constant") {
  TokenDistribution d;
  d.type = TokenDistribution::Type::Uniform;
  d.min = 0;
  d.max = 2;
  Rng rng(3);
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(d.sample(rng));
  CHECK(seen == std::set<std::uint32_t>{1, 2});
  d.min = d.max = 64;
  for (int i = 0; i < 10; ++i) CHECK(d.sample(rng) == 64);
}

TEST_CASE("lognormal: median, mean and clamping") {
  TokenDistribution d;
  d.type = TokenDistribution::Type::Lognormal;
  d.median = 1000;
  d.sigma = 0.5;
  d.min = 1;
  d.max = 1e9;
  Rng rng(2024);
  const int n = 200001;
  std::vector<double> v(n);
  double sum = 0;
  for (auto& x : v) {
    x = d.sample(rng);
    sum += x;
  }
  std::nth_element(v.begin(), v.begin() + n / 2, v.end());
  // The sample median's sd is about 1.25 * sigma * median / sqrt(n) ~ 1.4 tokens.
  CHECK(std::abs(v[n / 2] - 1000) < 8);
  CHECK(d.mean() == doctest::Approx(1000 * std::exp(0.125)));
  CHECK(sum / n == doctest::Approx(d.mean()).epsilon(0.01));

  d.min = 800;
  d.max = 1200;
  std::uint32_t lo = ~0u, hi = 0;
  int at_min = 0, at_max = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto x = d.sample(rng);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    at_min += x == 800;
    at_max += x == 1200;
  }
  CHECK(lo == 800);
  CHECK(hi == 1200);
  // P(X < 800) = P(Z < ln(0.8)/0.5) ~ 0.328; P(X > 1200) ~ 0.358.
  CHECK(at_min / 20000.0 == doctest::Approx(0.328).epsilon(0.05));
  CHECK(at_max / 20000.0 == doctest::Approx(0.358).epsilon(0.05));

  d.min = 0;  // the floor is still 1 token
  d.median = 0.01;
  for (int i = 0; i < 100; ++i) CHECK(d.sample(rng) >= 1);
}

TEST_CASE("lognormal tails do not overflow 32 bits") {
  TokenDistribution d;
  d.type = TokenDistribution::Type::Lognormal;
  d.median = 1e12;
  d.sigma = 1;
  d.max = 1e18;
  Rng rng(5);
  for (int i = 0; i < 100; ++i) CHECK(d.sample(rng) == 4294967295u);
}
