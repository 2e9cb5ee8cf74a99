// Unit tests for analysis::RunMetrics: the lifecycle stages (foreground ones add up to the
// latency exactly, background ones as defined), finality and freshness, the undetected-invalid
// counter, warm-up filtering, Little's law with background stages, well-formed empty
// distributions, and an allocation-free hot path (timeseries.csv: run_metrics_timeseries_test.cpp).
#include "analysis/run_metrics.hpp"

#include <doctest/doctest.h>

#include "tests/unit/counting_new.hpp"
#include "tests/unit/analysis/run_metrics_fixture.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using opgsim::test::g_allocations;
using namespace opgsim::analysis;
using namespace opgsim::analysis::testing;


TEST_CASE("names of stages") {
  CHECK(kStageCount == 9);
  for (int s = 0; s < kStageCount; ++s) CHECK(std::string(to_string(static_cast<Stage>(s))) == kAllStages[s]);
}

TEST_CASE("the foreground stages of a hand-built request add up to its latency exactly") {
  RunMetrics m(config());
  RequestTimes t = foreground(1.0);
  // Background work ends later than the result: the latency still ends at the result.
  t.stored = t.proof_done + 1.0;
  t.verified = t.stored + 2.0;
  t.settled = t.verified + 4.0;
  run_one(m, t, t.settled);
  const auto s = m.summary();
  CHECK(stage_mean(s, "route") == 0.5);
  CHECK(stage_mean(s, "data") == 0.75);
  CHECK(stage_mean(s, "queue") == 0.75);
  CHECK(stage_mean(s, "inference") == 2.5);
  CHECK(stage_mean(s, "proof") == 0.5);
  CHECK(stage_mean(s, "deliver") == 0.125);
  double sum = 0;
  for (const char* st : kForeground) sum += stage_mean(s, st);
  CHECK(s["latency_s"]["mean"].get<double>() == 5.125);
  CHECK(sum == s["latency_s"]["mean"].get<double>());
}

TEST_CASE("the data stage: none needed, not set, or arrived before the request") {
  for (double data_offset : {0.75, -1.0, 0.25}) {  // = at_node, unset, before at_node
    CAPTURE(data_offset);
    RunMetrics m(config());
    RequestTimes t = foreground(1.0);
    t.data_ready = data_offset < 0 ? -1.0 : t.submit + data_offset;
    run_one(m, t, t.result);
    const auto s = m.summary();
    CHECK(stage_count(s, "data") == 1);
    CHECK(stage_mean(s, "data") == 0.0);
    CHECK(stage_mean(s, "queue") == 0.25 + 1.25);  // central wait + at_node..started
    double sum = 0;
    for (const char* st : kForeground) sum += stage_mean(s, st);
    CHECK(sum == s["latency_s"]["mean"].get<double>());
  }
}

TEST_CASE("stage sums equal the latency sum over many random requests") {
  RunMetrics m(config(0, 1000, 10));
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 2.0);
  std::uniform_int_distribution<int> coin(0, 1);
  double latency_sum = 0;
  std::vector<RequestTimes> reqs;
  for (int i = 0; i < 500; ++i) {
    RequestTimes t;
    t.submit = i * 1.0;
    t.central_wait = coin(rng) ? u(rng) : 0.0;
    t.at_node = t.submit + t.central_wait + u(rng);
    t.data_ready = coin(rng) ? t.at_node + u(rng) : (coin(rng) ? t.at_node : -1.0);
    t.started = std::max(t.at_node, t.data_ready) + u(rng);
    t.done = t.started + u(rng);
    t.proof_done = t.done + u(rng);
    t.result = t.proof_done + u(rng);
    latency_sum += t.result - t.submit;
    reqs.push_back(t);
  }
  // Submissions and terminal states in time order, as the engine calls them.
  struct Event {
    double time;
    bool submit;
    std::size_t req;
  };
  std::vector<Event> events;
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    events.push_back({reqs[i].submit, true, i});
    events.push_back({reqs[i].result, false, i});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
  for (const Event& e : events) {
    if (e.submit)
      m.on_submit(e.time);
    else
      m.on_terminal(e.time, e.time, Outcome::Completed, reqs[e.req], 1);
  }
  m.finish(1000);
  const auto s = m.summary();
  double stage_sum = 0;
  for (const char* st : kForeground) stage_sum += stage_mean(s, st) * stage_count(s, st);
  CHECK(s["latency_s"]["count"].get<std::uint64_t>() == 500);
  CHECK(stage_sum == doctest::Approx(latency_sum).epsilon(1e-12));
  CHECK(s["latency_s"]["mean"].get<double>() * 500 == doctest::Approx(latency_sum).epsilon(1e-12));
}

TEST_CASE("background stages as defined, including skipped storage or verification") {
  struct Case {
    const char* name;
    double stored, verified, settled;            // offsets from proof_done; < 0: skipped
    double storage, verify, settle;              // expected; < 0: no sample
  };
  const std::vector<Case> cases = {
      {"all three", 1.0, 3.0, 7.0, 1.0, 2.0, 4.0},
      {"no storage", -1, 2.0, 6.0, -1, 2.0, 4.0},
      {"no verification", 1.5, -1, 5.5, 1.5, -1, 4.0},
      {"settlement only", -1, -1, 8.0, -1, -1, 8.0},
      {"storage only", 0.5, -1, -1, 0.5, -1, -1},
      {"nothing (vanilla)", -1, -1, -1, -1, -1, -1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    RunMetrics m(config());
    RequestTimes t = foreground(2.0);
    if (c.stored >= 0) t.stored = t.proof_done + c.stored;
    if (c.verified >= 0) t.verified = t.proof_done + c.verified;
    if (c.settled >= 0) t.settled = t.proof_done + c.settled;
    run_one(m, t, std::max({t.result, t.stored, t.verified, t.settled}));
    const auto s = m.summary();
    const std::vector<std::pair<const char*, double>> expect = {
        {"storage", c.storage}, {"verify", c.verify}, {"settle", c.settle}};
    for (const auto& [stage, value] : expect) {
      CAPTURE(stage);
      if (value < 0) {
        CHECK(stage_count(s, stage) == 0);
      } else {
        CHECK(stage_count(s, stage) == 1);
        CHECK(stage_mean(s, stage) == value);
      }
    }
    // The foreground is unchanged by background work.
    CHECK(s["latency_s"]["mean"].get<double>() == 5.125);
    CHECK(stage_mean(s, "deliver") == 0.125);
  }
}

TEST_CASE("finality and freshness percentiles on hand-made requests") {
  MetricsConfig c = config();
  c.has_settlement = true;
  c.has_data = true;
  RunMetrics m(c);
  // Finality 1, 2, 3, 4 s; freshness (started - data_produced) 0.5, 1, 1.5, 2 s.
  for (int i = 0; i < 4; ++i) {
    RequestTimes t = foreground(10.0 * i);
    t.settled = t.submit + (i + 1);
    t.data_produced = t.started - 0.5 * (i + 1);
    run_one(m, t, std::max(t.result, t.settled));
  }
  // Neither settled nor with data: counted in latency, not in finality or freshness.
  RequestTimes plain = foreground(50.0);
  run_one(m, plain, plain.result);
  const auto s = m.summary();
  CHECK(s["latency_s"]["count"] == 5);
  const auto& f = s["finality_s"];
  CHECK(f["count"] == 4);
  CHECK(f["mean"].get<double>() == 2.5);
  CHECK(f["p50"].get<double>() == doctest::Approx(2.0).epsilon(1e-3));  // nearest rank 2 of 4
  CHECK(f["p90"].get<double>() == 4.0);                                 // rank 4 = max, exact
  CHECK(f["p99"].get<double>() == 4.0);
  CHECK(f["max"].get<double>() == 4.0);
  const auto& fr = s["freshness_s"];
  CHECK(fr["count"] == 4);
  CHECK(fr["mean"].get<double>() == 1.25);
  CHECK(fr["p50"].get<double>() == doctest::Approx(1.0).epsilon(1e-3));
  CHECK(fr["p99"].get<double>() == 2.0);
  CHECK(fr["max"].get<double>() == 2.0);
  for (const char* key : {"count", "mean", "p50", "p90", "p99", "max"}) {
    CHECK(f.contains(key));
    CHECK(fr.contains(key));
  }
}

TEST_CASE("finality_s, freshness_s and utilization.verifier only when configured") {
  RunMetrics m(config());
  RequestTimes t = foreground(1.0);
  t.settled = 20.0;
  t.data_produced = 0.0;
  run_one(m, t, t.settled);
  const auto s = m.summary();
  CHECK_FALSE(s.contains("finality_s"));
  CHECK_FALSE(s.contains("freshness_s"));
  CHECK_FALSE(s["utilization"].contains("verifier"));
  CHECK(s["stages"]["settle"]["count"] == 1);  // the stage is there anyway

  MetricsConfig c = config();
  set_has_nodes(c, "verifier");
  c.has_router = false;
  RunMetrics v(c);
  RunMetrics::WindowSample w;
  w.values[slot("utilization_verifier")] = 0.25;
  for (std::size_t i = 0; i < 10; ++i) v.on_window_sample(i, w);
  v.finish(100);
  const auto sv = v.summary();
  CHECK(sv["utilization"]["verifier"].get<double>() == doctest::Approx(0.25));
  CHECK_FALSE(sv["utilization"].contains("router"));
}

TEST_CASE("undetected invalid results are counted but are not a terminal state") {
  RunMetrics m(config());
  for (int i = 0; i < 3; ++i) {
    RequestTimes t = foreground(i * 10.0);
    run_one(m, t, t.result);
  }
  m.on_undetected_invalid();
  RequestTimes caught = foreground(35.0);
  run_one(m, caught, caught.proof_done, Outcome::Invalid);
  m.finish(100);
  CHECK(m.undetected_invalid() == 1);
  CHECK(m.submitted() == 4);
  CHECK(m.terminal() == 4);
  const auto s = m.summary();
  const auto& r = s["requests"];
  CHECK(r["invalid_undetected"] == 1);
  CHECK(r["invalid"] == 1);
  CHECK(r["completed"] == 3);
  std::uint64_t sum = 0;
  for (int o = 0; o < kOutcomeCount; ++o) sum += r[to_string(static_cast<Outcome>(o))].get<std::uint64_t>();
  CHECK(sum == r["submitted"].get<std::uint64_t>());
}

TEST_CASE("a warm-up request is counted in requests but not in distributions") {
  MetricsConfig c = config(10, 100);
  c.has_settlement = true;
  c.has_data = true;
  RunMetrics m(c);
  RequestTimes early = foreground(5.0);
  early.settled = early.result + 1;
  early.data_produced = early.started - 1;
  run_one(m, early, early.settled);
  RequestTimes later = foreground(15.0);
  later.settled = later.result + 2;
  later.data_produced = later.started - 2;
  run_one(m, later, later.settled);
  m.finish(100);
  const auto s = m.summary();
  CHECK(s["requests"]["submitted"] == 2);
  CHECK(s["requests"]["completed"] == 2);
  CHECK(s["measured"]["submitted"] == 1);
  CHECK(s["measured"]["completed"] == 1);
  CHECK(s["latency_s"]["count"] == 1);
  for (const char* st : kForeground) CHECK(stage_count(s, st) == 1);
  CHECK(stage_count(s, "settle") == 1);
  CHECK(stage_mean(s, "settle") == 2.125);  // from proof_done: deliver 0.125 + 2
  CHECK(s["finality_s"]["count"] == 1);
  CHECK(s["finality_s"]["mean"].get<double>() == 5.125 + 2);
  CHECK(s["freshness_s"]["count"] == 1);
  CHECK(s["freshness_s"]["mean"].get<double>() == 2.0);
}

TEST_CASE("Little's law counts a request in the system until its background work is over") {
  RunMetrics m(config(0, 10));
  RequestTimes t;
  t.submit = 0;
  t.at_node = t.started = 0;
  t.done = t.proof_done = 1;
  t.result = 2;
  t.settled = 5;  // terminal state at 5, latency 2
  run_one(m, t, 5.0);
  m.finish(10);
  const auto s = m.summary();
  CHECK(s["latency_s"]["mean"].get<double>() == 2.0);
  const auto& ll = s["littles_law"];
  CHECK(ll["mean_time_in_system_s"].get<double>() == 5.0);
  CHECK(ll["mean_in_system"].get<double>() == doctest::Approx(0.5));
  CHECK(ll["relative_error"].get<double>() == doctest::Approx(0.0));
}

TEST_CASE("an empty stage or distribution is well-formed JSON: count 0 and zeros") {
  MetricsConfig c = config();
  c.has_settlement = true;
  c.has_data = true;
  c.token_metrics = true;
  RunMetrics m(c);
  m.finish(100);
  const auto s = m.summary();
  const auto reparsed = nlohmann::json::parse(s.dump());
  CHECK(reparsed == s);
  REQUIRE(s["stages"].size() == kAllStages.size());
  std::vector<nlohmann::json> dists;
  for (const char* st : kAllStages) dists.push_back(s["stages"][st]);
  for (const char* key : {"latency_s", "finality_s", "freshness_s", "ttft_s", "tpot_s"}) dists.push_back(s[key]);
  for (const auto& d : dists) {
    CHECK(d["count"] == 0);
    for (const char* key : {"mean", "p50", "p90", "p99", "max"}) {
      REQUIRE(d[key].is_number());
      CHECK(d[key].get<double>() == 0.0);
    }
  }
}

TEST_CASE("the hot path does not allocate") {
  MetricsConfig c = config(0, 1000, 10);
  c.has_settlement = c.has_data = true;
  set_has_nodes(c, "verifier");
  RunMetrics m(c);
  RunMetrics::WindowSample w;
  w.values[slot("blocks")] = 1;
  const long before = g_allocations.load();
  for (int i = 0; i < 900; ++i) {
    RequestTimes t = foreground(static_cast<double>(i) * 10.0 / 9.0);
    t.stored = t.proof_done + 0.5;
    t.verified = t.stored + 0.5;
    t.settled = t.verified + 1;
    t.data_produced = t.started - 3;
    m.on_submit(t.submit);
    m.on_terminal(t.settled, t.settled, i % 7 ? Outcome::Completed : Outcome::TimedOut, t, 5);
    if (i % 13 == 0) m.on_undetected_invalid();
    if (i % 10 == 0) m.on_window_sample(static_cast<std::size_t>(i / 10), w);
  }
  const long after = g_allocations.load();
  CHECK(after == before);
  CHECK(m.terminal() == 900);
  // The counter does see allocations (summary() builds JSON): the check above is not vacuous.
  CHECK(m.summary()["requests"]["invalid_undetected"] == 70);
  CHECK(g_allocations.load() > after);
}

TEST_CASE("latency_s.slow counts the measured completed requests slower than output.slow_latency_s") {
  // foreground() takes 5.125 s: a 5 s threshold counts it, a 6 s one does not; a warm-up request
  // and a failed one never count; without a threshold the field is absent.
  for (const double threshold : {5.0, 6.0, 0.0}) {
    MetricsConfig c = config(10, 100);
    c.slow_latency_s = threshold;
    RunMetrics m(c);
    run_one(m, foreground(1), 7);    // in the warm-up
    run_one(m, foreground(20), 26);  // measured, 5.125 s
    run_one(m, foreground(30), 36);
    run_one(m, foreground(40), 46, Outcome::Failed);
    const auto s = m.summary();
    if (threshold == 0) {
      CHECK_FALSE(s["latency_s"].contains("slow"));
      continue;
    }
    CHECK(s["latency_s"]["slow"] == (threshold == 5.0 ? 2 : 0));
  }
}
