// Unit tests for analysis::Histogram: the quantile error bound, nearest-rank semantics, the edge
// buckets, exact count/min/max/mean, and merge.
#include "analysis/histogram.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

using opgsim::analysis::Histogram;

namespace {

// The bound the header promises for every quantile.
const double kMaxRelError = std::ldexp(1.0, -Histogram::kSubBucketBits);

double rel_error(double estimate, double truth) { return std::abs(estimate - truth) / truth; }

// The nearest-rank q-quantile of data, computed the slow, obvious way.
double exact_quantile(std::vector<double> data, double q) {
  std::sort(data.begin(), data.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * data.size() - 1e-9)));
  return data[rank - 1];
}

const std::vector<double> kQuantiles = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

}  // namespace

TEST_CASE("an empty histogram reports zeros") {
  Histogram h;
  CHECK(h.count() == 0);
  CHECK(h.sum() == 0.0);
  CHECK(h.mean() == 0.0);
  CHECK(h.min() == 0.0);
  CHECK(h.max() == 0.0);
  CHECK(h.quantile(0.0) == 0.0);
  CHECK(h.quantile(0.5) == 0.0);
  CHECK(h.quantile(1.0) == 0.0);
}

TEST_CASE("a single value is every quantile, exactly") {
  Histogram h;
  h.add(0.123456789);
  CHECK(h.count() == 1);
  CHECK(h.mean() == 0.123456789);
  for (double q : {0.0, 0.01, 0.5, 0.99, 1.0}) CHECK(h.quantile(q) == 0.123456789);
}

TEST_CASE("quantile(0) is min and quantile(1) is max, exactly, not bucket midpoints") {
  Histogram h;
  for (double x : {3.14159265, 2.71828182, 1.41421356, 1.73205080}) h.add(x);
  CHECK(h.quantile(0.0) == 1.41421356);
  CHECK(h.quantile(1.0) == 3.14159265);
  CHECK(h.min() == 1.41421356);
  CHECK(h.max() == 3.14159265);
}

TEST_CASE("uniform 1..N: nearest-rank quantiles within the relative error, exact mean") {
  constexpr int n = 100000;
  Histogram h;
  for (int i = 1; i <= n; ++i) h.add(i);
  CHECK(h.count() == static_cast<std::uint64_t>(n));
  CHECK(h.mean() == (n + 1) / 2.0);
  CHECK(h.min() == 1.0);
  CHECK(h.max() == n);
  for (double q : kQuantiles) {
    const double truth = std::ceil(q * n - 1e-9);  // the value at rank ceil(q n) is that rank
    CAPTURE(q);
    CHECK(rel_error(h.quantile(q), truth) < kMaxRelError);
  }
}

TEST_CASE("nearest rank on small data: decimal q is not pushed past an exact rank") {
  Histogram h;
  for (int i = 1; i <= 100; ++i) h.add(i);
  CHECK(h.quantile(0.07) == doctest::Approx(7).epsilon(kMaxRelError));  // 0.07*100 rounds above 7
  CHECK(h.quantile(0.071) == doctest::Approx(8).epsilon(kMaxRelError));
  CHECK(h.quantile(0.5) == doctest::Approx(50).epsilon(kMaxRelError));
  CHECK(h.quantile(0.505) == doctest::Approx(51).epsilon(kMaxRelError));
  CHECK(h.quantile(0.99) == doctest::Approx(99).epsilon(kMaxRelError));
  CHECK(h.quantile(1e-6) == doctest::Approx(1).epsilon(kMaxRelError));  // rank 1 even if q n < 1
}

TEST_CASE("exponential samples: within the error bound of the sample quantile and near the closed form") {
  constexpr double lambda = 2.5;
  constexpr int n = 200000;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<double> data;
  data.reserve(n);
  Histogram h;
  for (int i = 0; i < n; ++i) {
    const double x = -std::log1p(-u(rng)) / lambda;
    data.push_back(x);
    h.add(x);
  }
  for (double q : kQuantiles) {
    CAPTURE(q);
    const double estimate = h.quantile(q);
    CHECK(rel_error(estimate, exact_quantile(data, q)) < kMaxRelError);
    // Against the population quantile the gap is sampling noise; allow 4 standard deviations
    // of the sample quantile, sd = sqrt(q / ((1 - q) n)) / lambda, relative to -ln(1 - q) / lambda.
    const double population = -std::log1p(-q) / lambda;
    const double noise = 4 * std::sqrt(q / ((1 - q) * n)) / -std::log1p(-q);
    CHECK(rel_error(estimate, population) < noise);
  }
}

TEST_CASE("exponential quantile grid: the closed-form quantile within the relative error") {
  // Values placed exactly at F^-1((k - 1/2) / n): the nearest-rank value is known in closed form.
  constexpr double lambda = 0.8;
  constexpr int n = 10000;
  auto inverse_cdf = [&](double p) { return -std::log1p(-p) / lambda; };
  Histogram h;
  for (int k = 1; k <= n; ++k) h.add(inverse_cdf((k - 0.5) / n));
  for (double q : kQuantiles) {
    CAPTURE(q);
    const double rank = std::ceil(q * n - 1e-9);
    CHECK(rel_error(h.quantile(q), inverse_cdf((rank - 0.5) / n)) < kMaxRelError);
  }
}

TEST_CASE("the error bound holds across the whole covered range, bucket edges included") {
  // {0, v, huge}: the median is v, and min/max are far enough that clamping cannot hide an error.
  std::vector<double> values;
  for (int e = -30; e < 40; ++e) {
    const double p = std::ldexp(1.0, e);
    values.insert(values.end(), {p, std::nextafter(p, 0.0), p * 1.2345, p * 1.9990234375});
  }
  values.insert(values.end(), {1e-9, 1e-6, 1e-3, 1.0, 1e3, 1e6, 1e9, 1e12});
  for (double v : values) {
    if (v < 1e-9 || v > 1e12) continue;
    Histogram h;
    h.add(0.0);
    h.add(v);
    h.add(1e13);
    CAPTURE(v);
    CHECK(rel_error(h.quantile(0.5), v) < kMaxRelError);
  }
}

TEST_CASE("zeros stay exact zeros") {
  Histogram h;
  for (int i = 0; i < 10; ++i) h.add(0.0);
  CHECK(h.quantile(0.5) == 0.0);
  CHECK(h.quantile(0.99) == 0.0);
  CHECK(h.mean() == 0.0);

  // A queue wait that is mostly zero: the median must read 0, not a tiny bucket midpoint.
  Histogram waits;
  for (int i = 0; i < 90; ++i) waits.add(0.0);
  for (int i = 0; i < 10; ++i) waits.add(0.5);
  CHECK(waits.quantile(0.5) == 0.0);
  CHECK(waits.quantile(0.9) == 0.0);
  CHECK(waits.quantile(0.91) == 0.5);
  CHECK(waits.mean() == 0.05);
}

TEST_CASE("negative values clamp to 0 and NaN is ignored") {
  Histogram h;
  h.add(-1.0);
  h.add(-0.0);
  h.add(std::nan(""));
  h.add(2.0);
  CHECK(h.count() == 3);
  CHECK(h.min() == 0.0);
  CHECK(!std::signbit(h.min()));
  CHECK(h.sum() == 2.0);
  CHECK(h.max() == 2.0);
}

TEST_CASE("values below the smallest bucket keep exact min and mean") {
  Histogram h;
  h.add(1e-12);
  h.add(3e-12);
  CHECK(h.min() == 1e-12);
  CHECK(h.max() == 3e-12);
  CHECK(h.mean() == (1e-12 + 3e-12) / 2);
  CHECK(h.quantile(0.5) >= 1e-12);
  CHECK(h.quantile(0.5) <= 3e-12);
}

TEST_CASE("huge values: in range within the bound, above range exact min/max/sum") {
  Histogram in_range;
  in_range.add(1.0);
  in_range.add(1e12);
  in_range.add(1e12 * 1.5);  // still below 2^40
  CHECK(rel_error(in_range.quantile(0.6), 1e12) < kMaxRelError);

  Histogram above;
  above.add(1e15);
  above.add(2e15);
  above.add(4e18);
  CHECK(above.min() == 1e15);
  CHECK(above.max() == 4e18);
  CHECK(above.sum() == 1e15 + 2e15 + 4e18);
  CHECK(above.quantile(0.0) == 1e15);
  CHECK(above.quantile(1.0) == 4e18);
  const double median = above.quantile(0.5);  // clamped into the top bucket: only bounded
  CHECK(median >= 1e15);
  CHECK(median <= 4e18);
}

TEST_CASE("merge equals adding everything to one histogram") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(-2.0, 1.5);
  Histogram all, left, right;
  for (int i = 0; i < 50000; ++i) {
    // Multiples of 2^-20 keep every partial sum exact, so sums compare with ==.
    const double x = std::round(dist(rng) * 1048576.0) / 1048576.0;
    all.add(x);
    (i % 3 == 0 ? left : right).add(x);
  }
  left.merge(right);
  CHECK(left.count() == all.count());
  CHECK(left.sum() == all.sum());
  CHECK(left.mean() == all.mean());
  CHECK(left.min() == all.min());
  CHECK(left.max() == all.max());
  for (int i = 0; i <= 1000; ++i) {
    const double q = i / 1000.0;
    CAPTURE(q);
    CHECK(left.quantile(q) == all.quantile(q));
  }
}

TEST_CASE("merge with an empty histogram, either way round") {
  Histogram data;
  data.add(5.0);
  data.add(7.0);

  Histogram empty;
  Histogram copy = data;
  copy.merge(empty);
  CHECK(copy.count() == 2);
  CHECK(copy.min() == 5.0);
  CHECK(copy.max() == 7.0);

  // The empty side's min/max of 0 must not leak into the result.
  Histogram into_empty;
  into_empty.merge(data);
  CHECK(into_empty.count() == 2);
  CHECK(into_empty.min() == 5.0);
  CHECK(into_empty.max() == 7.0);
  CHECK(into_empty.quantile(0.5) == data.quantile(0.5));
}

TEST_CASE("clear returns to the empty state") {
  Histogram h;
  for (int i = 1; i <= 10; ++i) h.add(i);
  h.clear();
  CHECK(h.count() == 0);
  CHECK(h.sum() == 0.0);
  CHECK(h.quantile(0.5) == 0.0);
  h.add(3.0);
  CHECK(h.min() == 3.0);
  CHECK(h.quantile(0.5) == 3.0);
}

TEST_CASE("quantile rejects q outside [0, 1]") {
  Histogram h;
  h.add(1.0);
  CHECK_THROWS_AS(h.quantile(-0.1), std::invalid_argument);
  CHECK_THROWS_AS(h.quantile(1.1), std::invalid_argument);
  CHECK_THROWS_AS(h.quantile(std::nan("")), std::invalid_argument);
}
