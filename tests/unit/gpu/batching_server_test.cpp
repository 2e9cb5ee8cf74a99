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
