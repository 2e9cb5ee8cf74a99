// The long-horizon mode's pure pieces: the rate grid, interpolation between two windows, the
// slow fraction from percentiles, the window's faults and scenario, and the cache key.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "models/economy/aggregate_fees.hpp"
#include "sim/horizon/rate_grid.hpp"
#include "sim/horizon/window_perf.hpp"
#include "sim/horizon/window_scenario.hpp"

using namespace opgsim::horizon;
using nlohmann::json;

TEST_CASE("rate grid: a grid point is exact, a rate between two points is bracketed with a linear weight") {
  const RateGrid g(10, 0.1);
  CHECK(g.bracket(10).exact());
  CHECK(g.bracket(10).lo == 10);
  const RateBracket on = g.bracket(10 * 1.1 * 1.1 * 1.1);
  CHECK(on.exact());
  CHECK(on.lo == doctest::Approx(13.31));
  const RateBracket mid = g.bracket(10.5);  // between 10 and 11
  CHECK_FALSE(mid.exact());
  CHECK(mid.lo == doctest::Approx(10));
  CHECK(mid.hi == doctest::Approx(11));
  CHECK(mid.weight == doctest::Approx(0.5));
  const RateBracket below = g.bracket(9.5);  // between 10 / 1.1 and 10
  CHECK(below.lo == doctest::Approx(10 / 1.1));
  CHECK(below.hi == doctest::Approx(10));
  CHECK(below.weight == doctest::Approx((9.5 - 10 / 1.1) / (10 - 10 / 1.1)));
  CHECK_THROWS(g.bracket(0));
  CHECK_THROWS(RateGrid(0, 0.1));
}

TEST_CASE("window perf: interpolation is linear per field and the slow fraction follows the percentiles") {
  WindowPerf a, b;
  a.completed_fraction = 1;
  b.completed_fraction = 0.8;
  a.latency_p99_s = 2;
  b.latency_p99_s = 6;
  const WindowPerf m = interpolate(a, b, 0.25);
  CHECK(m.completed_fraction == doctest::Approx(0.95));
  CHECK(m.latency_p99_s == doctest::Approx(3));
  WindowPerf p;
  p.latency_p50_s = 2;
  p.latency_p90_s = 6;
  p.latency_p99_s = 16;
  p.latency_max_s = 40;
  CHECK(slow_fraction(p, 50) == 0);
  CHECK(slow_fraction(p, 16) == doctest::Approx(0.01));
  CHECK(slow_fraction(p, 4) == doctest::Approx(0.3));    // halfway from p50 (0.5) to p90 (0.1)
  CHECK(slow_fraction(p, 28) == doctest::Approx(0.005));  // halfway from p99 to max
  CHECK(slow_fraction(p, 1) == doctest::Approx(0.75));
}

TEST_CASE("window faults: a period's events are scaled into the window, faults in force carry over") {
  const json events = json::parse(R"([
    {"time_s": 200, "kind": "region_restore", "region": "us"},
    {"time_s": 100, "kind": "region_cut", "region": "us"},
    {"time_s": 500, "kind": "crash", "role": "inference", "index": 20},
    {"time_s": 600, "kind": "payment_chain_down"}
  ])");
  const std::map<std::string, std::uint32_t> counts{{"inference", 24}};
  // [0, 1000) into 100 s: the cut at 10 s, the restore at 20 s, the crash at 50 s; no payment-chain outage.
  json w = window_faults(events, 0, 1000, 100, counts);
  REQUIRE(w.size() == 3);
  CHECK(w[0]["kind"] == "region_cut");
  CHECK(w[0]["time_s"].get<double>() == doctest::Approx(10));
  CHECK(w[1]["time_s"].get<double>() == doctest::Approx(20));
  CHECK(w[2]["time_s"].get<double>() == doctest::Approx(50));
  // [150, 1150): the cut is in force at its start (time 0), the restore at 5 s.
  w = window_faults(events, 150, 1150, 100, counts);
  REQUIRE(w.size() == 3);
  CHECK(w[0]["kind"] == "region_cut");
  CHECK(w[0]["time_s"].get<double>() == 0);
  CHECK(w[1]["kind"] == "region_restore");
  CHECK(w[1]["time_s"].get<double>() == doctest::Approx(5));
  // [1000, 2000): the cut healed; the crashed node 20 is still down, unless the window has only 20 nodes.
  w = window_faults(events, 1000, 2000, 100, counts);
  REQUIRE(w.size() == 1);
  CHECK(w[0]["kind"] == "crash");
  CHECK(w[0]["time_s"].get<double>() == 0);
  CHECK(window_faults(events, 1000, 2000, 100, {{"inference", 20}}).empty());
}

TEST_CASE("window scenario: the point's rate, counts and faults, the economy off, and a stable key") {
  const json resolved = json::parse(R"({"name": "x", "description": "d", "duration_s": 600, "warmup_s": 400,
    "roles": {"inference": {"count": 24}}, "workload": {"arrivals": {"type": "users", "rate_rps": null}},
    "economy": {"enabled": true, "epoch_s": 86400, "users": {"tolerance_latency_s": 10}},
    "faults": {"events": [], "processes": []},
    "output": {"window_s": 10}, "horizon": {"days": 3}})");
  OperatingPoint p;
  p.rate_rps = 12.5;
  p.counts["inference"] = 20;
  const json w = window_scenario(resolved, 300, p);
  CHECK(w["duration_s"] == 300.0);
  CHECK(w["warmup_s"] == 150.0);  // at most half the window
  CHECK(w["workload"]["arrivals"] == json{{"type", "poisson"}, {"rate_rps", 12.5}});
  CHECK(w["roles"]["inference"]["count"] == 20);
  CHECK(w["economy"] == json{{"enabled", false}});
  CHECK_FALSE(w.contains("horizon"));
  CHECK(w["output"]["window_s"] == 300.0);
  CHECK(w["output"]["slow_latency_s"] == 10);  // the users' tolerance: the window counts slow requests
  // FNV-1a of the JSON text: fixed across builds (computed independently for {"a":1}).
  CHECK(cache_key(json{{"a", 1}}) == "32e51dac937672f3");
  CHECK(cache_key(w) == cache_key(window_scenario(resolved, 300, p)));
  p.rate_rps = 13;
  CHECK(cache_key(w) != cache_key(window_scenario(resolved, 300, p)));
}

TEST_CASE("aggregate usage fee: the mean request's fee times the count, capped per request, rounded down once") {
  opgsim::economy::FeeConfig cfg;  // 0.25 / 2.0 USD per million tokens, cap 0.1 OPG
  // 1000 requests of 1000 + 100 tokens: 450e-6 USD each, at 0.1 USD/OPG 0.0045 OPG = 4,500,000 units each.
  CHECK(opgsim::economy::aggregate_usage_fee(cfg, 1000, 1e6, 1e5, opgsim::proof::VerificationMode::Vanilla, 0.1) ==
        4'500'000'000);
  // At 0.001 USD/OPG one request would be 0.45 OPG: capped at 0.1 OPG each.
  CHECK(opgsim::economy::aggregate_usage_fee(cfg, 10, 1e4, 1e3, opgsim::proof::VerificationMode::Vanilla, 0.001) ==
        1'000'000'000);
  CHECK(opgsim::economy::aggregate_usage_fee(cfg, 0, 0, 0, opgsim::proof::VerificationMode::Vanilla, 0.1) == 0);
  std::vector<opgsim::economy::Amount> parts(4);
  opgsim::economy::even_parts(10, parts);
  CHECK(parts == std::vector<opgsim::economy::Amount>{3, 3, 2, 2});
}

TEST_CASE("window perf: a window's own count of slow requests wins over the percentiles, and interpolates") {
  // 3 of 200 completed requests slower than the tolerance: 1.5 %, where the percentiles'
  // piecewise-linear estimate at 10 s would say 0.1 - (10 - 6) / (16 - 6) x 0.09 = 6.4 %.
  const auto summary = nlohmann::json::parse(R"({"offered_rps": 1, "throughput_rps": 1,
      "measured": {"submitted": 200, "completed": 200},
      "latency_s": {"count": 200, "p50": 2, "p90": 6, "p99": 16, "max": 40, "slow": 3}})");
  WindowPerf a = from_summary(summary);
  CHECK(a.slow_fraction == doctest::Approx(0.015));
  CHECK(slow_fraction(a, 10) == doctest::Approx(0.015));
  WindowPerf old = a;
  old.slow_fraction = -1;  // a window cached before the count existed: the estimate
  CHECK(slow_fraction(old, 10) == doctest::Approx(0.064));
  WindowPerf b = a;
  b.slow_fraction = 0.055;
  CHECK(interpolate(a, b, 0.5).slow_fraction == doctest::Approx(0.035));
  CHECK(interpolate(a, old, 0.5).slow_fraction == -1);  // one side unknown: the estimate
}
