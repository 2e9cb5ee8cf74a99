// Unit tests of the data-node model: pull latency, and the push feed's deviation and heartbeat
// publications, landing delay, freshness and bounded lazy generation.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/data/oracle_feed.hpp"

using namespace opgsim::data;
using opgsim::Rng;

TEST_CASE("pull latency has the configured median and stays near 100-500 ms") {
  PullConfig cfg;
  Rng rng = Rng::stream(42, "data.pull", 0);
  std::vector<double> x(20001);
  for (double& v : x) v = fetch_latency(cfg, rng);
  std::sort(x.begin(), x.end());
  CHECK(x[x.size() / 2] == doctest::Approx(0.2).epsilon(0.03));
  CHECK(x[x.size() / 20] == doctest::Approx(0.2 * std::exp(-1.645 * 0.5)).epsilon(0.05));
  CHECK(x[x.size() * 19 / 20] == doctest::Approx(0.2 * std::exp(1.645 * 0.5)).epsilon(0.05));
  CHECK(x.front() > 0);
}

TEST_CASE("zero volatility: only heartbeats, landing 40 s later") {
  PushConfig cfg;
  cfg.walk.volatility_per_sqrt_s = 0;
  PushFeed feed(cfg, Rng(1));
  CHECK(feed.last_published_at(0).round == 0);
  CHECK(feed.last_published_at(0).trigger == Publication::Trigger::Initial);
  CHECK(feed.freshness_at(3639) == doctest::Approx(3639));       // round 1 produced, not landed
  const Publication& p = feed.last_published_at(3640);
  CHECK(p.round == 1);
  CHECK(p.trigger == Publication::Trigger::Heartbeat);
  CHECK(p.produced_s == 3600);
  CHECK(p.landed_s == 3640);
  CHECK(feed.freshness_at(3640) == doctest::Approx(40));
  CHECK(feed.last_published_at(10 * 3600 + 39.5).round == 9);
  CHECK(feed.last_published_at(10 * 3600 + 40).round == 10);
  CHECK(feed.rounds_produced() == 11);
  CHECK(feed.true_value_at(10 * 3600 + 40) == 1.0);
}

TEST_CASE("off-grid heartbeat is hit exactly") {
  PushConfig cfg;
  cfg.walk.volatility_per_sqrt_s = 0;
  cfg.heartbeat_s = 10.25;
  cfg.landing_delay_s = 0;
  PushFeed feed(cfg, Rng(1));
  CHECK(feed.last_published_at(30.8).produced_s == doctest::Approx(30.75));
}

TEST_CASE("a deviation beyond the threshold publishes before the heartbeat") {
  PushConfig cfg;
  cfg.walk.volatility_per_sqrt_s = 1e-3;  // ~6 % per hour: many deviation rounds
  PushFeed feed(cfg, Rng::stream(7, "data.push", 0));
  double prev_value = cfg.walk.initial_value;
  std::uint64_t prev_round = 0;
  int deviations = 0;
  for (double t = 0; t <= 6 * 3600; t += 1.0) {
    const Publication& p = feed.last_published_at(t);
    CHECK(t - p.produced_s >= 0);                 // freshness never negative
    CHECK(p.landed_s <= t);
    // Memory stays bounded: at most one publication per walk step in flight, plus the landed one.
    CHECK(feed.retained() <= cfg.landing_delay_s / cfg.walk.step_s + 2);
    if (p.round != prev_round) {
      if (p.trigger == Publication::Trigger::Deviation) {
        ++deviations;
        // Consecutive rounds (no round skipped at 1 s queries): deviation is vs the previous one.
        if (p.round == prev_round + 1) CHECK(std::abs(p.value / prev_value - 1) > cfg.deviation);
      }
      prev_round = p.round;
      prev_value = p.value;
    }
  }
  CHECK(deviations > 10);
}

TEST_CASE("freshness is bounded by heartbeat + landing delay, and sparse queries work") {
  PushConfig cfg;
  PushFeed feed(cfg, Rng::stream(3, "data.push", 1));
  for (double t = 0; t < 3 * 86400; t += 977.0) {
    const double age = feed.freshness_at(t);
    CHECK(age >= 0);
    CHECK(age <= std::max(t, cfg.heartbeat_s + cfg.landing_delay_s) + 1e-9);
  }
  CHECK_THROWS_AS(feed.last_published_at(10.0), std::logic_error);  // back in time
}

TEST_CASE("same seed, same feed") {
  PushConfig cfg;
  cfg.walk.volatility_per_sqrt_s = 5e-4;
  PushFeed a(cfg, Rng(9)), b(cfg, Rng(9));
  for (double t = 0; t < 20000; t += 333) CHECK(a.last_published_at(t).produced_s == b.last_published_at(t).produced_s);
}

TEST_CASE("bad push config is an InputError") {
  PushConfig cfg;
  cfg.deviation = 0;
  CHECK_THROWS_AS(PushFeed(cfg, Rng(1)), opgsim::InputError);
  PullConfig pull;
  pull.median_s = -1;
  CHECK_THROWS_WITH_AS(pull.validate(), "data.pull.median_s: must be > 0, got -1", opgsim::InputError);
}
