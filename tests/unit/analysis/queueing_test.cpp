// Unit tests for the queueing closed forms: Erlang C against values derived independently
// (hand-computed and the factorial formula in long double), its shape, and the M/M/c wait.
#include "analysis/queueing.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

using opgsim::analysis::erlang_c;
using opgsim::analysis::littles_law_number;
using opgsim::analysis::mmc_mean_wait;

namespace {

// The textbook form, deliberately not the recurrence under test:
// C = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a))).
long double erlang_c_by_factorials(int c, long double a) {
  auto factorial = [](int n) {
    long double f = 1;
    for (int i = 2; i <= n; ++i) f *= i;
    return f;
  };
  long double head = 0;
  for (int k = 0; k < c; ++k) head += std::pow(a, k) / factorial(k);
  const long double tail = std::pow(a, c) / factorial(c) * (c / (c - a));
  return tail / (head + tail);
}

}  // namespace

TEST_CASE("erlang_c with one server is the utilisation") {
  for (double rho : {0.01, 0.3, 0.5, 0.9, 0.999}) {
    CAPTURE(rho);
    CHECK(erlang_c(1, rho) == doctest::Approx(rho).epsilon(1e-14));
  }
}

TEST_CASE("erlang_c(2, 1) is 1/3") {
  // By hand: C = (a^2/2)(2/(2-a)) / (1 + a + (a^2/2)(2/(2-a))) = 1 / (1 + 1 + 1) at a = 1.
  CHECK(erlang_c(2, 1.0) == doctest::Approx(1.0 / 3.0).epsilon(1e-14));
}

TEST_CASE("erlang_c(16, 14.4) matches the factorial formula") {
  const auto expected = static_cast<double>(erlang_c_by_factorials(16, 14.4L));
  // Cross-check of the reference itself: exact rational arithmetic (Python fractions) gives this.
  CHECK(expected == doctest::Approx(0.5913433938723897).epsilon(1e-15));
  CHECK(erlang_c(16, 14.4) == doctest::Approx(expected).epsilon(1e-12));
}

TEST_CASE("erlang_c matches the factorial formula over a grid of servers and loads") {
  for (int c : {1, 2, 3, 5, 10, 32, 100}) {
    for (double rho : {0.05, 0.5, 0.8, 0.95, 0.99}) {
      const double a = rho * c;
      CAPTURE(c);
      CAPTURE(a);
      const auto expected = static_cast<double>(erlang_c_by_factorials(c, a));
      CHECK(erlang_c(c, a) == doctest::Approx(expected).epsilon(1e-11));
    }
  }
}

TEST_CASE("erlang_c rises with the load and stays a probability") {
  for (int c : {1, 4, 64}) {
    double previous = 0;
    for (int i = 1; i < 100; ++i) {
      const double a = c * i / 100.0;
      const double p = erlang_c(c, a);
      CAPTURE(c);
      CAPTURE(a);
      CHECK(p > previous);
      CHECK(p < 1.0);
      previous = p;
    }
  }
}

TEST_CASE("erlang_c stays finite for very many servers") {
  // a^c / c! would overflow long before this; the recurrence must not.
  const double p = erlang_c(100000, 99000.0);
  CHECK(std::isfinite(p));
  CHECK(p > 0.0);
  CHECK(p < 1.0);
  CHECK(erlang_c(100000, 99990.0) > p);
}

TEST_CASE("erlang_c rejects unstable or meaningless inputs") {
  CHECK_THROWS_AS(erlang_c(2, 2.0), std::invalid_argument);  // a == c
  CHECK_THROWS_AS(erlang_c(2, 3.0), std::invalid_argument);
  CHECK_THROWS_AS(erlang_c(2, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(erlang_c(2, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(erlang_c(0, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(erlang_c(-1, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(erlang_c(2, std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(erlang_c(2, std::numeric_limits<double>::infinity()), std::invalid_argument);
}

TEST_CASE("M/M/1 mean wait is rho / (mu - lambda)") {
  for (double lambda : {0.1, 1.0, 4.5, 9.9}) {
    const double mu = 10.0;
    const double rho = lambda / mu;
    CAPTURE(lambda);
    CHECK(mmc_mean_wait(1, lambda, mu) == doctest::Approx(rho / (mu - lambda)).epsilon(1e-13));
  }
}

TEST_CASE("M/M/2 mean wait at a = 1 is C / (c mu - lambda) = 1/3") {
  CHECK(mmc_mean_wait(2, 1.0, 1.0) == doctest::Approx(1.0 / 3.0).epsilon(1e-14));
  // Same load, time scaled: rates x10 make the wait 10 times shorter.
  CHECK(mmc_mean_wait(2, 10.0, 10.0) == doctest::Approx(1.0 / 30.0).epsilon(1e-14));
}

TEST_CASE("mmc_mean_wait rejects unstable or meaningless inputs") {
  CHECK_THROWS_AS(mmc_mean_wait(1, 2.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(mmc_mean_wait(2, 2.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(mmc_mean_wait(2, 0.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(mmc_mean_wait(2, 1.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(mmc_mean_wait(2, 1.0, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(mmc_mean_wait(0, 1.0, 1.0), std::invalid_argument);
}

TEST_CASE("Little's law: L = lambda W") {
  CHECK(littles_law_number(4.0, 0.25) == 1.0);
  CHECK(littles_law_number(0.0, 3.0) == 0.0);
}
