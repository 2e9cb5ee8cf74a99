// User cohorts: retention closed forms, waves over epoch partitions, request attribution,
// the binomial sampler, determinism, and config validation.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/economy/users.hpp"

using namespace opgsim::economy;
using opgsim::Rng;

namespace {

UserConfig base(std::uint64_t initial = 1000) {
  UserConfig c;
  c.initial_users = initial;
  return c;
}

std::vector<CohortExperience> quiet(const UserPopulation& u) { return std::vector<CohortExperience>(u.cohorts()); }

std::string validate_error(const UserConfig& c) {
  try {
    c.validate("economy.users");
  } catch (const opgsim::InputError& e) {
    return e.what();
  }
  return "";
}

// Mean users kept of `n` over many seeds, one epoch with the given experience for cohort 0.
double mean_kept(UserConfig c, std::uint64_t n, CohortExperience e, int seeds) {
  c.initial_users = n;
  double sum = 0;
  for (int s = 0; s < seeds; ++s) {
    UserPopulation u(c, Rng::stream(42, "users.test", static_cast<std::uint64_t>(s)));
    u.end_epoch(std::vector<CohortExperience>{e});
    sum += static_cast<double>(u.active_users());
  }
  return sum / seeds;
}

}  // namespace

TEST_CASE("cohort 0 holds the initial users from t = 0") {
  UserPopulation u(base(1000), Rng(1));
  CHECK(u.cohorts() == 1);
  CHECK(u.active_users() == 1000);
  CHECK(u.cohort_active(0) == 1000);
  CHECK(u.cohort_created_s(0) == 0.0);
  CHECK(u.request_rate() == doctest::Approx(10.0));
  CHECK(u.arrived_total() == 1000);
}

TEST_CASE("a cohort whose requests all failed (failure_weight 1) loses everyone, so does one all slow") {
  UserPopulation u(base(1000), Rng(2));
  u.end_epoch(std::vector<CohortExperience>{{50, 50, 0}});
  CHECK(u.active_users() == 0);
  CHECK(u.request_rate() == 0.0);
  Rng r(1);
  CHECK_THROWS_AS((void)u.pick_cohort(r), std::logic_error);
  UserPopulation v(base(1000), Rng(3));
  v.end_epoch(std::vector<CohortExperience>{{80, 0, 80}});
  CHECK(v.active_users() == 0);
  // A weight so large that the multiplier goes negative is clamped to 0, not an error.
  UserConfig c = base(1000);
  c.failure_weight = 20;
  UserPopulation w(c, Rng(4));
  w.end_epoch(std::vector<CohortExperience>{{100, 10, 0}});
  CHECK(w.active_users() == 0);
}

TEST_CASE("return_probability 1 with a clean epoch keeps everyone, 0 keeps no one") {
  UserConfig c = base(12345);
  c.return_probability = 1;
  UserPopulation u(c, Rng(5));
  for (int i = 0; i < 5; ++i) u.end_epoch(std::vector<CohortExperience>{{100, 0, 0}});
  CHECK(u.active_users() == 12345);
  c.return_probability = 0;
  UserPopulation v(c, Rng(6));
  v.end_epoch(quiet(v));
  CHECK(v.active_users() == 0);
}

TEST_CASE("retention closed forms, averaged over many seeds") {
  UserConfig c = base();
  c.return_probability = 0.9;
  // No request: return_probability. sd of the mean over 4000 seeds of Bin(100, 0.9): 3 / 63 = 0.05.
  CHECK(std::abs(mean_kept(c, 100, {}, 4000) - 90.0) < 0.3);
  // Failed share 0.1 with weight 2 -> 0.8; slow share 0.4 with weight 0.5 -> 0.8: p = 0.9 * 0.64 = 0.576.
  c.failure_weight = 2;
  c.slow_weight = 0.5;
  CHECK(std::abs(mean_kept(c, 100, {10, 1, 4}, 4000) - 57.6) < 0.5);
  // The normal-approximation regime (n p (1-p) = 19,600): mean n p, sd of the mean 140 / 63.
  c = base();
  c.return_probability = 0.98;
  CHECK(std::abs(mean_kept(c, 1000000, {}, 4000) - 980000.0) < 15.0);
}

TEST_CASE("binomial: exact branch and normal branch have the right mean and variance") {
  struct Case {
    std::uint64_t n;
    double p;
  };
  // Exact on the p side, exact on the flipped side (p near 1, huge n), and the normal branch.
  for (Case k : {Case{20, 0.3}, Case{1000, 0.02}, Case{1000000, 0.99999}, Case{50, 0.97}, Case{100000, 0.4}}) {
    CAPTURE(k.n);
    CAPTURE(k.p);
    Rng rng(Rng::stream(7, "binomial", k.n));
    const int m = 40000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < m; ++i) {
      const auto x = binomial(k.n, k.p, rng);
      REQUIRE(x <= k.n);
      sum += static_cast<double>(x);
      sum2 += static_cast<double>(x) * static_cast<double>(x);
    }
    const double n = static_cast<double>(k.n), var = n * k.p * (1 - k.p);
    const double mean = sum / m, sample_var = sum2 / m - mean * mean;
    CHECK(std::abs(mean - n * k.p) < 5 * std::sqrt(var / m));
    CHECK(sample_var == doctest::Approx(var).epsilon(0.05));
  }
  Rng rng(8);
  CHECK(binomial(0, 0.5, rng) == 0);
  CHECK(binomial(10, 0.0, rng) == 0);
  CHECK(binomial(10, 1.0, rng) == 10);
  // Exact small case: Bin(3, 0.5) hits 0..3 with 1/8, 3/8, 3/8, 1/8.
  std::vector<double> h(4, 0);
  for (int i = 0; i < 80000; ++i) h[binomial(3, 0.5, rng)] += 1;
  CHECK(h[0] / 80000 == doctest::Approx(0.125).epsilon(0.05));
  CHECK(h[1] / 80000 == doctest::Approx(0.375).epsilon(0.02));
  CHECK(h[2] / 80000 == doctest::Approx(0.375).epsilon(0.02));
  CHECK(h[3] / 80000 == doctest::Approx(0.125).epsilon(0.05));
}

TEST_CASE("waves add exactly their users over any partition of epochs") {
  UserConfig c = base(0);
  c.waves = {{100, 1000, 777}, {0, 0, 5}, {500, 3333.3, 12345}, {20000, 10, 9}};
  const std::uint64_t in_window = 777 + 5 + 12345;  // the last wave is after the partition's end

  // Regular 60 s epochs over [0, 6000).
  UserPopulation u(c, Rng(9));
  CHECK(u.cohorts() == 1);  // cohort 0 exists even with no initial user
  for (double t = 0; t < 6000; t += 60) u.add_arrivals(t, t + 60);
  CHECK(u.active_users() == in_window);
  CHECK(u.arrived_total() == in_window);
  std::uint64_t sum = 0;
  for (std::size_t k = 0; k < u.cohorts(); ++k) {
    CHECK((u.cohort_active(k) > 0 || k == 0));
    sum += u.cohort_active(k);
  }
  CHECK(sum == in_window);
  CHECK(u.cohort_created_s(1) == 0.0);  // the instant wave at t = 0
  CHECK(u.cohort_active(1) == 5);

  // An irregular partition gives the same total, and no cohort for an epoch without arrivals.
  UserPopulation v(c, Rng(10));
  Rng lengths(11);
  double t = 0;
  while (t < 6000) {
    const double t1 = std::min(6000.0, t + lengths.uniform(0.1, 400));
    v.add_arrivals(t, t1);
    t = t1;
  }
  CHECK(v.active_users() == in_window);
  const std::size_t before = v.cohorts();
  v.add_arrivals(6000, 7000);
  CHECK(v.cohorts() == before);
  v.add_arrivals(7000, 30000);
  CHECK(v.cohorts() == before + 1);
  CHECK(v.cohort_active(before) == 9);
  CHECK(v.cohort_created_s(before) == 7000.0);

  // Evenly spread: user k of 777 arrives at 100 + k * 1000 / 777, so 389 of them before t = 600.
  UserConfig one = base(0);
  one.waves = {{100, 1000, 777}};
  UserPopulation w(one, Rng(12));
  w.add_arrivals(0, 600);
  CHECK(w.active_users() == 389);
  w.add_arrivals(600, 1100);
  CHECK(w.active_users() == 777);
}

TEST_CASE("new cohorts join the retention draws and keep their own experience") {
  UserConfig c = base(1000);
  c.return_probability = 1;
  c.waves = {{0, 100, 500}};
  UserPopulation u(c, Rng(13));
  u.add_arrivals(0, 100);
  REQUIRE(u.cohorts() == 2);
  // The old cohort had a bad epoch, the new one a clean one.
  u.end_epoch(std::vector<CohortExperience>{{10, 10, 0}, {10, 0, 0}});
  CHECK(u.cohort_active(0) == 0);
  CHECK(u.cohort_active(1) == 500);
  CHECK(u.active_users() == 500);
  CHECK_THROWS_AS(u.end_epoch(std::vector<CohortExperience>(1)), std::invalid_argument);
}

TEST_CASE("pick_cohort is proportional to active users and skips empty cohorts") {
  UserConfig c = base(1000);
  c.return_probability = 1;
  c.waves = {{0, 10, 3000}, {10, 10, 500}, {20, 10, 5500}};
  UserPopulation u(c, Rng(14));
  u.add_arrivals(0, 10);
  u.add_arrivals(10, 20);
  u.add_arrivals(20, 30);
  REQUIRE(u.cohorts() == 4);
  u.end_epoch(std::vector<CohortExperience>{{0, 0, 0}, {0, 0, 0}, {5, 5, 0}, {0, 0, 0}});  // cohort 2 leaves
  REQUIRE(u.cohort_active(2) == 0);
  const double total = 1000 + 3000 + 5500;
  Rng rng(15);
  std::vector<double> hits(4, 0);
  const int n = 200000;
  for (int i = 0; i < n; ++i) hits[u.pick_cohort(rng)] += 1;
  CHECK(hits[2] == 0);
  CHECK(std::abs(hits[0] / n - 1000 / total) < 0.01);
  CHECK(std::abs(hits[1] / n - 3000 / total) < 0.01);
  CHECK(std::abs(hits[3] / n - 5500 / total) < 0.01);
}

TEST_CASE("the same seed gives the same population") {
  UserConfig c = base(5000);
  c.return_probability = 0.95;
  c.waves = {{0, 1000, 20000}};
  auto run = [&](std::uint64_t seed) {
    UserPopulation u(c, Rng::stream(seed, "users"));
    std::vector<std::uint64_t> trace;
    for (int e = 0; e < 10; ++e) {
      u.add_arrivals(100.0 * e, 100.0 * (e + 1));
      std::vector<CohortExperience> x(u.cohorts());
      for (std::size_t k = 0; k < x.size(); ++k) x[k] = {100, k % 3, k % 5};
      u.end_epoch(x);
      for (std::size_t k = 0; k < u.cohorts(); ++k) trace.push_back(u.cohort_active(k));
    }
    return trace;
  };
  CHECK(run(1) == run(1));
  CHECK(run(1) != run(2));
}

TEST_CASE("config validation") {
  CHECK(validate_error(base()).empty());
  UserConfig c = base();
  c.return_probability = 1.5;
  CHECK(validate_error(c) == "economy.users.return_probability: must be in [0, 1], got 1.5");
  c = base();
  c.tolerance_latency_s = 0;
  CHECK(validate_error(c) == "economy.users.tolerance_latency_s: must be > 0, got 0");
  c = base();
  c.requests_per_user_per_s = -1;
  CHECK(validate_error(c) == "economy.users.requests_per_user_per_s: must be >= 0, got -1");
  c = base();
  c.failure_weight = -0.5;
  CHECK(validate_error(c) == "economy.users.failure_weight: must be >= 0, got -0.5");
  c = base();
  c.slow_weight = std::numeric_limits<double>::quiet_NaN();
  CHECK(validate_error(c) == "economy.users.slow_weight: must be >= 0, got nan");
  c = base();
  c.waves = {{0, 10, 1}, {-1, 10, 1}};
  CHECK(validate_error(c) == "economy.users.waves[1].start_s: must be >= 0, got -1");
  c.waves = {{0, -10, 1}};
  CHECK(validate_error(c) == "economy.users.waves[0].duration_s: must be >= 0, got -10");
  CHECK_THROWS_AS(UserPopulation(c, Rng(1)), opgsim::InputError);
  CHECK_THROWS_AS(UserPopulation(base(), Rng(1)).add_arrivals(10, 5), std::invalid_argument);
}

namespace {
// One day of a population of a million users with perfect service, in epochs of epoch_s.
double kept_after_a_day(double epoch_s, std::uint64_t seed) {
  UserConfig cfg;
  cfg.initial_users = 1'000'000;
  cfg.retention_per_day = 0.97;
  UserPopulation pop(cfg, opgsim::Rng(seed));
  const auto epochs = static_cast<int>(86400 / epoch_s);
  for (int e = 0; e < epochs; ++e) {
    std::vector<CohortExperience> exp(pop.cohorts());
    pop.end_epoch(exp, epoch_s, epoch_s * (e + 1));
  }
  return static_cast<double>(pop.active_users()) / 1e6;
}
}  // namespace

TEST_CASE("users: per-day retention loses the same share a day with 60 s or 1 h epochs") {
  // 97 % a day; the binomial draws' standard deviation over a million users is 0.00017.
  CHECK(kept_after_a_day(60, 1) == doctest::Approx(0.97).epsilon(0.001));
  CHECK(kept_after_a_day(3600, 2) == doctest::Approx(0.97).epsilon(0.001));
}

TEST_CASE("users: failures scale the daily share, gone users come back, word of mouth brings new ones") {
  UserConfig cfg;
  cfg.initial_users = 100'000;
  cfg.retention_per_day = 0.9;
  cfg.comeback_per_day = 0.5;
  UserPopulation pop(cfg, opgsim::Rng(5));
  // A day in one epoch where half the requests failed: kept share 0.9 * 0.5 = 0.45.
  std::vector<CohortExperience> bad{{1000, 500, 0}};
  pop.end_epoch(bad, 86400, 86400);
  CHECK(static_cast<double>(pop.active_users()) == doctest::Approx(45'000).epsilon(0.01));
  CHECK(pop.gone_users() + pop.active_users() == 100'000);
  // A perfect day: 90 % stay; of the 55,000 gone, half come back.
  std::vector<CohortExperience> good(pop.cohorts());
  const auto gone = pop.gone_users();
  pop.end_epoch(good, 86400, 2 * 86400.0);
  CHECK(static_cast<double>(pop.came_back_total()) == doctest::Approx(0.5 * static_cast<double>(gone)).epsilon(0.02));
  CHECK(pop.gone_users() + pop.active_users() == 100'000);

  UserConfig wom;
  wom.initial_users = 1000;
  wom.retention_per_day = 1;
  wom.word_of_mouth_per_day = 0.1;
  UserPopulation grow(wom, opgsim::Rng(1));
  for (int e = 0; e < 24; ++e) {
    std::vector<CohortExperience> exp(grow.cohorts());
    grow.end_epoch(exp, 3600, 3600.0 * (e + 1));
  }
  // 10 % a day compounded hourly: 1000 * (1 + 0.1 / 24)^24 = 1104.9, whole users only.
  CHECK(grow.active_users() >= 1103);
  CHECK(grow.active_users() <= 1105);
  CHECK(grow.word_of_mouth_total() == grow.active_users() - 1000);
}
