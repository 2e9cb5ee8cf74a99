// Unit tests of the continuous-batching gpu model: hand-stepped timings, agreement with a naive
// token-by-token reference on random arrivals, O(jobs) event cost, and KV-cache admission.
// Preemption and chunked prefill have their own files (preempt_test.cpp, chunk_test.cpp).
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "batching_reference.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/batching_server.hpp"
#include "models/gpu/catalog.hpp"

using namespace opgsim::gpu;
using testing::catalog;
using testing::step_model;
using opgsim::service::Job;
using opgsim::service::kNever;
using opgsim::service::ServiceEvent;
using opgsim::service::ServiceModel;
using Kind = ServiceEvent::Kind;
using testing::Arrival;
using testing::check_same_events;
using testing::poisson_arrivals;
using testing::run;
using testing::RunStats;

namespace {

double prefill_time(const StepTimeModel& s, double prompt, double decoders = 0, double ctx = 0) {
  Batch b;
  b.add_prefill(prompt);
  b.add_decode(decoders, ctx);
  return s.time(b);
}

double decode_time(const StepTimeModel& s, double seqs, double ctx) {
  Batch b;
  b.add_decode(seqs, ctx);
  return s.time(b);
}

}  // namespace

TEST_CASE("a single job: TTFT is one prefill, then out - 1 decode steps, stepped by hand") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingServer m(s, BatchingConfig{});
  const std::uint32_t p = 512, o = 100;
  const double t0 = 3.0;
  const auto ev = run(m, {Arrival{t0, Job{7, p, o}}});
  REQUIRE(ev.size() == 3);
  CHECK((ev[0].kind == Kind::Started && ev[0].time == t0));
  const double ttft = prefill_time(s, p);
  CHECK(ev[1].kind == Kind::FirstToken);
  CHECK(ev[1].time - t0 == doctest::Approx(ttft).epsilon(1e-12));
  double t = t0 + ttft;
  for (std::uint32_t k = 1; k < o; ++k) t += decode_time(s, 1, p + k);  // token k+1 attends to p + k
  CHECK(ev[2].kind == Kind::Done);
  CHECK(ev[2].time == doctest::Approx(t).epsilon(1e-12));
  CHECK(m.in_service() == 0);
  CHECK(m.next_event_time() == kNever);
  CHECK(m.iterations_completed() == o);
  CHECK(m.busy_integral(ev[2].time + 5) == doctest::Approx(ev[2].time - t0).epsilon(1e-12));
}

TEST_CASE("a job with one output token is Done at its first token") {
  const StepTimeModel s = step_model("l4", "mistral-7b");
  BatchingServer m(s, BatchingConfig{});
  const auto ev = run(m, {Arrival{0.5, Job{1, 300, 1}}});
  REQUIRE(ev.size() == 3);
  CHECK(ev[1].kind == Kind::FirstToken);
  CHECK(ev[2].kind == Kind::Done);
  CHECK(ev[2].time == ev[1].time);
}

TEST_CASE("a job admitted mid-decode joins at the end of the iteration in progress") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingServer m(s, BatchingConfig{});
  const std::uint32_t p = 200, o = 50;
  // By hand: A's prefill, then decode iterations; B arrives in the middle of A's 10th decode.
  const double ttft = prefill_time(s, p);
  std::vector<double> ends{ttft};
  for (std::uint32_t k = 1; k < o; ++k) ends.push_back(ends.back() + decode_time(s, 1, p + k));
  const double tb = 0.5 * (ends[9] + ends[10]);
  const auto ev = run(m, {Arrival{0, Job{1, p, o}}, Arrival{tb, Job{2, 100, 5}}});
  std::vector<ServiceEvent> b;
  for (const auto& e : ev)
    if (e.id == 2) b.push_back(e);
  REQUIRE(b.size() == 3);
  CHECK(b[0].kind == Kind::Started);
  CHECK(b[0].time == doctest::Approx(ends[10]).epsilon(1e-12));
  // B's prefill iteration also decodes A (which has 11 tokens, context p + 11).
  CHECK(b[1].time - b[0].time == doctest::Approx(prefill_time(s, 100, 1, p + 11)).epsilon(1e-12));
}

TEST_CASE("jobs admitted at the same instant share the prefill, up to max_batched_tokens") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingConfig cfg;
  cfg.max_batched_tokens = 8192;
  BatchingServer m(s, cfg);
  const auto ev = run(m, {Arrival{1, Job{1, 3000, 3}}, Arrival{1, Job{2, 4000, 3}}, Arrival{1, Job{3, 2000, 3}}});
  std::vector<double> started(4), first(4);
  for (const auto& e : ev) {
    if (e.kind == Kind::Started) started[e.id] = e.time;
    if (e.kind == Kind::FirstToken) first[e.id] = e.time;
  }
  CHECK(started[1] == 1.0);
  CHECK(started[2] == 1.0);
  CHECK(first[1] == first[2]);
  Batch both;
  both.add_prefill(3000);
  both.add_prefill(4000);
  CHECK(first[1] - 1.0 == doctest::Approx(s.time(both)).epsilon(1e-12));
  CHECK(started[3] == first[1]);  // 3000 + 4000 + 2000 > 8192: job 3 waits one iteration
}

TEST_CASE("admission needs blocks for the prompt only, plus the 1% watermark") {
  // llama-3.1-8b on an L4: (0.9 * 24e9 - 16.06e9) / 131072 = 42262 tokens = 2641 blocks of 16;
  // the watermark is int(0.01 * 2641) = 26 blocks.
  const StepTimeModel s = step_model("l4", "llama-3.1-8b");
  BatchingServer m(s, BatchingConfig{});
  CHECK(m.kv_capacity_tokens() == 42262);
  CHECK(m.kv_blocks_total() == 2641);
  CHECK(m.kv_watermark_blocks() == 26);
  const Job big{1, 19000, 1000};  // 1188 blocks of prompt; its output is not reserved any more
  CHECK(m.can_admit(big));
  m.admit(big, 0);
  m.admit(Job{2, 19000, 1000}, 0);
  CHECK(m.kv_blocks_free() == 2641 - 2 * 1188);  // 265
  CHECK_FALSE(m.can_admit(Job{3, 19000, 1000}));
  CHECK(m.can_admit(Job{3, 3824, 5000}));  // 239 blocks: 265 - 239 = 26 = the watermark
  CHECK_FALSE(m.can_admit(Job{3, 3825, 1}));
  // Whether a job can ever run is about prompt + output - 1 tokens (alone, it never holds more).
  CHECK_FALSE(m.fits_ever(Job{4, 42000, 300}));
  CHECK(m.fits_ever(Job{4, 41000, 300}));       // 2582 + 26 <= 2641
  CHECK_FALSE(m.fits_ever(Job{4, 41000, 1000})); // 2626 + 26 > 2641
  std::vector<ServiceEvent> ev;
  while (m.in_service() == 2) m.advance(m.next_event_time(), ev);
  CHECK(m.can_admit(Job{3, 19000, 1000}));
}

TEST_CASE("admission is blocked at max_batch") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingConfig cfg;
  cfg.max_batch = 3;
  BatchingServer m(s, cfg);
  for (std::uint32_t i = 0; i < 3; ++i) m.admit(Job{i, 10, 10}, 0);
  CHECK_FALSE(m.can_admit(Job{9, 1, 1}));
  CHECK(m.slots() == 3);
}

TEST_CASE("the closed-form server equals a naive token-by-token reference on random arrivals") {
  struct Case {
    const char* gpu;
    const char* model;
    StepParams params;
    BatchingConfig cfg;
    double rate;
    std::uint32_t max_prompt, max_output;
  };
  StepParams compute_heavy;  // compute-bound at large batch, crossing to memory-bound as KV grows
  compute_heavy.compute_efficiency = 0.1;
  compute_heavy.overhead_s = 0;
  StepParams tp2;
  tp2.precision = Precision::Fp8;
  tp2.tp = 2;
  BatchingConfig small_kv;
  small_kv.gpu_memory_utilization = 0.75;  // llama-2-7b on an L4: ~2.4k tokens of KV, admission blocks
  small_kv.max_batched_tokens = 2048;
  BatchingConfig batch64;
  batch64.max_batch = 64;
  const Case cases[] = {
      {"h100-sxm", "llama-3.1-8b", StepParams{}, BatchingConfig{}, 20, 2000, 300},
      {"h100-sxm", "llama-3.1-8b", compute_heavy, BatchingConfig{}, 25, 2000, 400},
      {"h100-sxm", "llama-3.3-70b", tp2, batch64, 5, 3000, 200},
      {"l4", "llama-2-7b", StepParams{}, small_kv, 2, 800, 300},
  };
  for (const Case& c : cases) {
    for (std::uint64_t seed : {1, 2}) {
      CAPTURE(c.gpu);
      CAPTURE(c.model);
      CAPTURE(seed);
      const StepTimeModel s = step_model(c.gpu, c.model, c.params);
      const auto arrivals = poisson_arrivals(seed, 300, c.rate, c.max_prompt, c.max_output);
      BatchingServer fast(s, c.cfg);
      testing::NaiveBatchingServer slow(s, c.cfg);
      RunStats st;
      const auto a = run(fast, arrivals, &st);
      const auto b = run(slow, arrivals);
      MESSAGE(std::string(c.gpu) << " " << std::string(c.model) << " seed " << seed << ": " << fast.iterations_completed() << " iterations, "
                    << fast.stats().boundaries << " boundaries, " << fast.stats().decode_runs << " decode runs ("
                    << fast.stats().runs_crossed << " crossed over), " << fast.preemptions() << " preemptions, "
                    << st.blocked << " blocked wake-ups");
      check_same_events(a, b);
      testing::check_lifecycles(a, arrivals.size());
      CHECK(fast.iterations_completed() == slow.iterations);
      CHECK(fast.preemptions() == slow.preemptions);
      const double end = b.back().time + 1;
      CHECK(fast.busy_integral(end) == doctest::Approx(slow.busy_integral(end)).epsilon(1e-9));
    }
  }
}

TEST_CASE("a decode run across the compute/memory crossover equals the naive reference") {
  // 60 long jobs at once at 10% MFU: the run starts compute-bound (60 x 2 x params FLOPs per
  // iteration outweigh the weight reads) and turns memory-bound after ~500 iterations as the
  // KV reads grow.
  StepParams p;
  p.compute_efficiency = 0.1;
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b", p);
  opgsim::Rng rng(17);
  std::vector<Arrival> arrivals;
  for (std::uint32_t i = 0; i < 60; ++i)
    arrivals.push_back(Arrival{0.001 * i, Job{i, static_cast<std::uint32_t>(800 + rng.below(200)),
                                              static_cast<std::uint32_t>(1500 + rng.below(500))}});
  BatchingServer fast(s, BatchingConfig{});
  testing::NaiveBatchingServer slow(s, BatchingConfig{});
  const auto a = run(fast, arrivals);
  const auto b = run(slow, arrivals);
  check_same_events(a, b);
  CHECK(fast.stats().runs_crossed > 0);
  CHECK(fast.iterations_completed() == slow.iterations);
}

TEST_CASE("wake-ups and boundaries per job are bounded and do not grow with output length") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  std::uint64_t loops_short = 0, loops_long = 0, bounds_short = 0, bounds_long = 0;
  for (const std::uint32_t out : {20u, 2000u}) {
    BatchingServer m(s, BatchingConfig{});
    auto arrivals = poisson_arrivals(9, 1000, 5, 1000, 1);
    for (auto& a : arrivals) a.job.output_tokens = out;
    RunStats st;
    const auto ev = run(m, arrivals, &st);
    CHECK(ev.size() == 3000);
    CHECK(st.admitted == 1000);
    // One wake-up per arrival plus at most one per join or completion boundary.
    CHECK(st.loops <= 4 * 1000);
    // Boundaries: one per prefill iteration and per decode-run end (completion, join, shortage).
    CHECK(m.stats().boundaries <= 3 * 1000 + 2 * m.preemptions());
    (out == 20 ? loops_short : loops_long) = st.loops;
    (out == 20 ? bounds_short : bounds_long) = m.stats().boundaries;
    // Each long job alone needs 2000 iterations: far more iterations than wake-ups. (With the
    // whole output no longer reserved the batch is larger, so there are fewer iterations than in
    // the first version: about 3 per wake-up here.)
    if (out == 2000) CHECK(m.iterations_completed() > 2 * st.loops);
    MESSAGE(out << " output tokens: " << m.iterations_completed() << " iterations, " << m.stats().boundaries
                << " boundaries, " << m.preemptions() << " preemptions");
  }
  MESSAGE("wake-ups for 1000 jobs: " << loops_short << " (20 tokens) vs " << loops_long << " (2000 tokens); boundaries "
                                     << bounds_short << " vs " << bounds_long);
}

TEST_CASE("abort_all returns every job in service and leaves the GPU idle") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingServer m(s, BatchingConfig{});
  std::vector<ServiceEvent> ev;
  m.admit(Job{5, 100, 100}, 0);
  m.advance(0.5, ev);
  m.admit(Job{6, 100, 100}, 0.5);
  m.admit(Job{7, 100, 100}, 0.5);
  std::vector<std::uint32_t> ids;
  m.abort_all(ids);
  CHECK(ids == std::vector<std::uint32_t>{5, 6, 7});
  CHECK(m.in_service() == 0);
  CHECK(m.kv_blocks_free() == m.kv_blocks_total());
  CHECK(m.next_event_time() == kNever);
  CHECK(m.busy_integral(10) == doctest::Approx(0.5));
  m.advance(10, ev);
  for (const auto& e : ev) CHECK(e.kind != Kind::Done);
  // Usable again afterwards.
  m.admit(Job{8, 10, 2}, 10);
  ev.clear();
  m.advance(20, ev);
  REQUIRE(ev.size() == 3);
  CHECK(ev[2].kind == Kind::Done);
}

namespace {

// One job admitted at t0; set_slowdown(factor, ts) once the server has been advanced to ts (ts <
// 0: never); then every event until idle.
std::vector<ServiceEvent> single_job(BatchingServer& m, const Job& job, double t0, double factor, double ts) {
  std::vector<ServiceEvent> ev;
  m.admit(job, t0);
  if (ts >= 0) {
    m.advance(ts, ev);
    m.set_slowdown(factor, ts);
  }
  while (m.next_event_time() != kNever) m.advance(m.next_event_time(), ev);
  return ev;
}

}  // namespace

TEST_CASE("slowdown 2 set before admission doubles TTFT and total time exactly, 1 restores speed") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  const Job job{3, 700, 120};
  BatchingServer normal(s, BatchingConfig{});
  BatchingServer slow(s, BatchingConfig{});
  slow.set_slowdown(2.0, 0);
  CHECK(slow.slowdown() == 2.0);
  const auto a = single_job(normal, job, 0, 1, -1);
  const auto b = single_job(slow, job, 0, 1, -1);
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 3);
  CHECK(b[0].time == 0.0);
  CHECK(b[1].time == 2 * a[1].time);  // TTFT
  CHECK(b[2].time == 2 * a[2].time);  // total
  CHECK(slow.busy_integral(1e6) == 2 * normal.busy_integral(1e6));
  CHECK(slow.iterations_completed() == normal.iterations_completed());

  // Back to 1 (while idle): the same run as a server never slowed.
  slow.set_slowdown(1.0, 10);
  BatchingServer fresh(s, BatchingConfig{});
  const auto c = single_job(slow, job, 20, 1, -1);
  const auto d = single_job(fresh, job, 20, 1, -1);
  REQUIRE(c.size() == d.size());
  for (std::size_t i = 0; i < c.size(); ++i) CHECK(c[i].time == d[i].time);

  // Set at the admission instant: the prefill iteration beginning now has not been launched.
  BatchingServer at_admit(s, BatchingConfig{});
  const auto e = single_job(at_admit, job, 0, 2.0, 0.0);
  REQUIRE(e.size() == 3);
  CHECK(e[1].time == b[1].time);
  CHECK(e[2].time == b[2].time);

  CHECK_THROWS_AS(slow.set_slowdown(0.5, 30), std::invalid_argument);
  CHECK_THROWS_AS(slow.set_slowdown(kNever, 30), std::invalid_argument);
}

TEST_CASE("a uniformly slowed server replays a doubled clock event for event") {
  // Arrivals at doubled times on a server at slowdown 2: every time is exactly doubled (scaling
  // by 2 is exact in floating point), including preemptions and joins mid-run.
  const StepTimeModel s = step_model("l4", "llama-2-7b");
  BatchingConfig small_kv;
  small_kv.gpu_memory_utilization = 0.75;
  small_kv.max_batched_tokens = 2048;
  for (const bool chunked : {false, true}) {
    small_kv.chunked_prefill = chunked;
    small_kv.max_batched_tokens = chunked ? 512 : 2048;  // prompts up to 800: chunks happen
    const auto arrivals = poisson_arrivals(5, 200, 2, 800, 300);
    auto doubled = arrivals;
    for (auto& a : doubled) a.t *= 2;
    BatchingServer normal(s, small_kv);
    BatchingServer slow(s, small_kv);
    slow.set_slowdown(2.0, 0);
    const auto a = run(normal, arrivals);
    const auto b = run(slow, doubled);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      REQUIRE(a[i].id == b[i].id);
      REQUIRE(a[i].kind == b[i].kind);
      REQUIRE(b[i].time == 2 * a[i].time);
    }
    CHECK(normal.preemptions() > 0);
    CHECK(slow.preemptions() == normal.preemptions());
  }
}

TEST_CASE("a slowdown mid-decode keeps the iteration in progress and slows every later one") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  const std::uint32_t p = 200, o = 50;
  const double ttft = prefill_time(s, p);
  std::vector<double> ends{ttft};  // ends[k]: end of the iteration producing token k + 1
  for (std::uint32_t k = 1; k < o; ++k) ends.push_back(ends.back() + decode_time(s, 1, p + k));
  const auto done_after = [&](std::uint32_t k, double factor) {
    // Iterations up to ends[k] at normal speed, the later ones slowed.
    double t = ends[k];
    for (std::uint32_t j = k + 1; j < o; ++j) t += factor * decode_time(s, 1, p + j);
    return t;
  };

  SUBCASE("during a decode iteration") {
    BatchingServer m(s, BatchingConfig{});
    const auto ev = single_job(m, Job{1, p, o}, 0, 3.0, 0.5 * (ends[9] + ends[10]));
    REQUIRE(ev.size() == 3);
    CHECK(ev[1].time == doctest::Approx(ttft).epsilon(1e-12));
    CHECK(ev[2].time == doctest::Approx(done_after(10, 3.0)).epsilon(1e-12));
    CHECK(m.iterations_completed() == o);
    CHECK(m.stats().decode_runs == 2);  // re-planned once, at the end of the iteration in progress
  }
  SUBCASE("during the prefill iteration: it keeps its end, every decode is slowed") {
    BatchingServer m(s, BatchingConfig{});
    const auto ev = single_job(m, Job{1, p, o}, 0, 2.0, 0.5 * ttft);
    REQUIRE(ev.size() == 3);
    CHECK(ev[1].time == ttft);
    CHECK(ev[2].time == doctest::Approx(done_after(0, 2.0)).epsilon(1e-12));
  }
  SUBCASE("exactly when the decode run begins: its first iteration is slowed") {
    BatchingServer m(s, BatchingConfig{});
    std::vector<ServiceEvent> ev;
    m.admit(Job{1, p, o}, 0);
    double first = -1;
    while (first < 0) {
      const double t = m.next_event_time();
      m.advance(t, ev);
      for (const auto& e : ev)
        if (e.kind == Kind::FirstToken) first = e.time;
    }
    m.set_slowdown(2.0, first);
    while (m.next_event_time() != kNever) m.advance(m.next_event_time(), ev);
    REQUIRE(ev.size() == 3);
    CHECK(ev[2].time == doctest::Approx(done_after(0, 2.0)).epsilon(1e-12));
  }
  SUBCASE("slowed then restored: only the iterations begun in between are slowed") {
    BatchingServer m(s, BatchingConfig{});
    std::vector<ServiceEvent> ev;
    m.admit(Job{1, p, o}, 0);
    m.advance(0.5 * (ends[4] + ends[5]), ev);
    m.set_slowdown(2.0, 0.5 * (ends[4] + ends[5]));  // iterations 6.. slowed
    // Iteration 6 (token 7) runs slowed from ends[5]; restore during it: 7.. back to normal.
    const double t6_end = ends[5] + 2 * decode_time(s, 1, p + 6);
    const double tr = ends[5] + 0.5 * (t6_end - ends[5]);
    m.advance(tr, ev);
    m.set_slowdown(1.0, tr);
    while (m.next_event_time() != kNever) m.advance(m.next_event_time(), ev);
    REQUIRE(ev.size() == 3);
    double want = t6_end;
    for (std::uint32_t j = 7; j < o; ++j) want += decode_time(s, 1, p + j);
    CHECK(ev[2].time == doctest::Approx(want).epsilon(1e-12));
  }
}

TEST_CASE("slowing down and restoring at the same instant changes nothing (random arrivals)") {
  // Each toggle adds a boundary at the end of the iteration in progress; the schedule must stay
  // the one without it, through joins, completions, preemptions and chunked prefills.
  const StepTimeModel s = step_model("l4", "llama-2-7b");
  BatchingConfig small_kv;
  small_kv.gpu_memory_utilization = 0.75;
  small_kv.max_batched_tokens = 2048;
  for (const bool chunked : {false, true}) {
    small_kv.chunked_prefill = chunked;
    small_kv.max_batched_tokens = chunked ? 512 : 2048;  // prompts up to 800: chunks happen
    CAPTURE(chunked);
    const auto arrivals = poisson_arrivals(3, 300, 2, 800, 300);
    BatchingServer plain(s, small_kv);
    BatchingServer toggled(s, small_kv);
    std::uint64_t wakes = 0;
    const auto a = run(plain, arrivals);
    const auto b = run(toggled, arrivals, nullptr, [&](double now) {
      if (++wakes % 3 == 0) {
        toggled.set_slowdown(2.0, now);
        toggled.set_slowdown(1.0, now);
      }
    });
    check_same_events(b, a);
    CHECK(toggled.iterations_completed() == plain.iterations_completed());
    CHECK(toggled.preemptions() == plain.preemptions());
    CHECK(toggled.stats().decode_runs > plain.stats().decode_runs);
    MESSAGE("chunked " << chunked << ": " << plain.preemptions() << " preemptions, decode runs "
                       << plain.stats().decode_runs << " -> " << toggled.stats().decode_runs);
  }
}
