// Unit tests of on-demand KV blocks and preemption by recompute in the gpu model: the closed-form
// block counts, a preemption worked out by hand, agreement with the naive reference on
// configurations where preemptions really happen (events, block counts and admission decisions
// at every iteration), and bounded work per job however long the outputs.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <string>
#include <vector>

#include "batching_reference.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/batching_server.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/kv_decoder_blocks.hpp"

using namespace opgsim::gpu;
using testing::catalog;
using testing::step_model;
using opgsim::service::Job;
using opgsim::service::kNever;
using opgsim::service::ServiceEvent;
using Kind = ServiceEvent::Kind;
using testing::Arrival;
using testing::check_same_events;

namespace {

std::uint64_t brute_blocks(const std::vector<std::int64_t>& bases, std::uint64_t c, std::int64_t b) {
  std::uint64_t n = 0;
  for (const std::int64_t base : bases) n += static_cast<std::uint64_t>((base + static_cast<std::int64_t>(c) + b - 1) / b);
  return n;
}

}  // namespace

TEST_CASE("DecoderBlocks counts and finds the first shortage like summing ceilings one by one") {
  opgsim::Rng rng(5);
  for (const std::uint32_t b : {1u, 3u, 16u, 32u}) {
    for (int trial = 0; trial < 40; ++trial) {
      DecoderBlocks d;
      d.reset(b);
      std::vector<std::int64_t> bases;
      const std::uint64_t c0 = rng.below(5000);
      const int n = 1 + static_cast<int>(rng.below(20));
      for (int i = 0; i < n; ++i) {
        // tokens in cache at c0 are >= 1: base >= 1 - c0 (often negative).
        const std::int64_t base = 1 - static_cast<std::int64_t>(c0) + static_cast<std::int64_t>(rng.below(3000));
        bases.push_back(base);
        d.add(base);
      }
      if (n > 2) {  // removal keeps the rest exact
        d.remove(bases.back());
        bases.pop_back();
      }
      CAPTURE(b);
      for (std::uint64_t c = c0; c < c0 + 3 * b + 5; ++c) CHECK(d.at(c) == brute_blocks(bases, c, b));
      const std::uint64_t limit = brute_blocks(bases, c0, b) + rng.below(200);
      std::uint64_t k = c0 + 1;
      while (brute_blocks(bases, k, b) <= limit) ++k;
      CHECK(d.first_above(c0, limit) == k);
      // A limit already exceeded: the next counter value.
      if (limit > 0) CHECK(d.first_above(c0 + 7, 0) == c0 + 8);
    }
  }
  DecoderBlocks empty;
  empty.reset(16);
  CHECK(empty.at(100) == 0);
  CHECK(empty.first_above(0, 0) == DecoderBlocks::kNever);
}

TEST_CASE("two jobs outgrow the cache: the newer one is preempted at the computed iteration and recomputed") {
  // llama-2-7b on an L4: 15493 tokens of KV = 968 blocks of 16, watermark 9.
  const StepTimeModel s = step_model("l4", "llama-2-7b");
  BatchingServer m(s, BatchingConfig{});
  REQUIRE(m.kv_blocks_total() == 968);
  REQUIRE(m.kv_watermark_blocks() == 9);
  // Prompts of a = 300 and b = 200 whole blocks: after c iterations (the first is the prefill)
  // they hold 300 + 200 + 2 ceil(c / 16) blocks, more than 968 first at c = 16 * 234 + 1.
  const Job a{1, 300 * 16, 5000}, b{2, 200 * 16, 5000};
  REQUIRE(m.fits_ever(a));
  m.admit(a, 0);
  m.admit(b, 0);
  std::vector<ServiceEvent> ev;
  std::uint64_t preempted_at = 0;
  while (m.next_event_time() != kNever) {
    m.advance(m.next_event_time(), ev);
    CHECK(m.kv_blocks_used() <= m.kv_blocks_total());
    if (preempted_at == 0 && m.preemptions() == 1) {
      preempted_at = m.iterations_completed();
      CHECK(m.preempted_waiting() == 1);
      CHECK_FALSE(m.can_admit(Job{3, 1, 1}));  // the preempted job comes first
    }
  }
  CHECK(preempted_at == 16 * 234 + 1);
  CHECK(m.preemptions() == 1);
  CHECK(m.stats().shortage_stops == 1);
  testing::check_lifecycles(ev, 2);
  double done_a = 0, done_b = 0;
  for (const auto& e : ev)
    if (e.kind == Kind::Done) (e.id == 1 ? done_a : done_b) = e.time;
  CHECK(done_a < done_b);  // b waited for a to finish before its recompute
  // Iterations: a's 5000, then b's recompute prefill and its remaining tokens.
  CHECK(m.iterations_completed() == 5000 + (5000 - (16 * 234 + 1)));
  // The same with the naive reference.
  testing::NaiveBatchingServer slow(s, BatchingConfig{});
  const auto ref = testing::run(slow, {Arrival{0, a}, Arrival{0, b}});
  testing::check_same_events(ev, ref);
  CHECK(slow.preemptions == 1);
}

TEST_CASE("with a small KV cache and long outputs, preemptions happen and match the naive reference") {
  struct Case {
    const char* name;
    BatchingConfig cfg;
    double rate;
    std::uint32_t max_prompt, max_output;
  };
  BatchingConfig base;  // llama-2-7b on an L4: 968 blocks
  BatchingConfig big_blocks = base;
  big_blocks.kv_block_tokens = 32;
  BatchingConfig few_seqs = base;
  few_seqs.max_batch = 6;
  few_seqs.max_batched_tokens = 1024;
  BatchingConfig tiny = base;
  tiny.gpu_memory_utilization = 0.6;  // ~1.2k tokens of KV: constant preemption
  const Case cases[] = {
      {"l4 llama-2-7b", base, 0.5, 1000, 2000},
      {"block 32", big_blocks, 0.5, 1500, 1500},
      {"max_batch 6", few_seqs, 0.3, 3000, 4000},
      {"tiny cache", tiny, 1, 300, 600},
  };
  const StepTimeModel s = step_model("l4", "llama-2-7b");
  for (const Case& c : cases) {
    for (const std::uint64_t seed : {3, 4}) {
      CAPTURE(c.name);
      CAPTURE(seed);
      auto arrivals = testing::poisson_arrivals(seed, 150, c.rate, c.max_prompt, c.max_output);
      BatchingServer fast(s, c.cfg);
      testing::NaiveBatchingServer slow(s, c.cfg);
      std::erase_if(arrivals, [&](const Arrival& a) { return !fast.can_ever_admit(a.job); });
      std::uint64_t worst_used = 0;
      testing::RunStats st;
      const auto a = testing::run(fast, arrivals, &st, [&](double) {
        worst_used = std::max(worst_used, fast.kv_blocks_used());
      });
      const auto b = testing::run(slow, arrivals);
      MESSAGE(std::string(c.name) << " seed " << seed << ": " << fast.preemptions() << " preemptions, " << fast.iterations_completed()
                     << " iterations, " << fast.stats().boundaries << " boundaries (" << fast.stats().shortage_stops
                     << " shortage stops), " << st.loops << " wake-ups for " << arrivals.size() << " jobs");
      CHECK(fast.preemptions() > 0);
      CHECK(fast.preemptions() == slow.preemptions);
      check_same_events(a, b);
      testing::check_lifecycles(a, arrivals.size());
      CHECK(fast.iterations_completed() == slow.iterations);
      CHECK(worst_used <= fast.kv_blocks_total());
      CHECK(slow.max_used <= slow.kv_blocks_total());
    }
  }
}

TEST_CASE("blocks in use and admission decisions equal the naive reference at every iteration") {
  // Lockstep: both models see the same admissions; the naive one wakes at every iteration, so the
  // closed-form block count is checked mid-run, not only at its own boundaries.
  const StepTimeModel s = step_model("l4", "llama-2-7b");
  for (const bool chunked : {false, true}) {
    CAPTURE(chunked);
    BatchingConfig cfg;
    cfg.chunked_prefill = chunked;
    cfg.max_batched_tokens = chunked ? 512 : 8192;
    BatchingServer fast(s, cfg);
    testing::NaiveBatchingServer slow(s, cfg);
    const auto arrivals = testing::poisson_arrivals(11, 120, 0.6, 1200, 1500);
    std::vector<ServiceEvent> ea, eb;
    std::deque<Job> queue;
    std::size_t next = 0;
    std::uint64_t checks = 0, disagreements = 0;
    double now = 0;
    while (true) {
      // Probe just after each of the naive model's iteration boundaries (the two compute boundary
      // times with different roundings, so exactly at one they may disagree on which side it is).
      const double te = slow.next_event_time();
      const double ta = next < arrivals.size() ? arrivals[next].t : kNever;
      if (te == kNever && ta == kNever) break;
      now = std::max(now, std::min(te == kNever ? kNever : te + 1e-5, ta));
      fast.advance(now, ea);
      slow.advance(now, eb);
      while (next < arrivals.size() && arrivals[next].t <= now) queue.push_back(arrivals[next++].job);
      while (!queue.empty()) {
        const bool ok = slow.can_admit(queue.front());
        if (fast.can_admit(queue.front()) != ok) ++disagreements;
        if (!ok) break;
        fast.admit(queue.front(), now);
        slow.admit(queue.front(), now);
        queue.pop_front();
      }
      ++checks;
      if (fast.kv_blocks_used() != slow.kv_blocks_used()) ++disagreements;
      CHECK(fast.kv_blocks_used() <= fast.kv_blocks_total());
    }
    CHECK(fast.next_event_time() == kNever);
    CHECK(disagreements == 0);
    CHECK(fast.preemptions() == slow.preemptions);
    CHECK(fast.preemptions() > 0);
    check_same_events(ea, eb);
    MESSAGE(std::string(chunked ? "chunked" : "whole prefill") << ": " << checks << " lockstep checks, " << fast.preemptions()
                                                    << " preemptions");
  }
}

TEST_CASE("boundaries per job stay bounded under preemption, whatever the output length") {
  // 1000 jobs on an L4 with llama-2-7b (968 blocks): with 2000-token outputs only a few fit at
  // once and the batch is preempted again and again; with 20-token outputs it never is.
  const StepTimeModel s = step_model("l4", "llama-2-7b");
  for (const bool chunked : {false, true}) {
    double per_job[2] = {0, 0};
    for (const std::uint32_t out : {20u, 2000u}) {
      BatchingConfig cfg;
      cfg.chunked_prefill = chunked;
      cfg.max_batched_tokens = chunked ? 2048 : 8192;
      BatchingServer m(s, cfg);
      auto arrivals = testing::poisson_arrivals(21, 1000, out == 20 ? 2.0 : 0.1, 1000, 1);
      for (auto& a : arrivals) a.job.output_tokens = out;
      testing::RunStats st;
      const auto ev = testing::run(m, arrivals, &st);
      testing::check_lifecycles(ev, 1000);
      const double b = static_cast<double>(m.stats().boundaries) / 1000.0;
      per_job[out == 2000] = b;
      MESSAGE(std::string(chunked ? "chunked, " : "whole prefill, ")
              << out << " output tokens: " << m.iterations_completed() << " iterations, " << m.stats().boundaries
              << " boundaries (" << b << " per job), " << m.preemptions() << " preemptions, " << st.loops
              << " wake-ups");
      // Per job: its prefill (or chunks), its completion, a join stop; plus per preemption a
      // shortage stop and a recompute prefill.
      CHECK(m.stats().boundaries <= 4 * 1000 + 2 * m.preemptions());
      if (out == 2000) {
        CHECK(m.preemptions() > 0);
        CHECK(m.iterations_completed() > 20 * m.stats().boundaries);
      }
    }
    CHECK(per_job[1] < 3 * per_job[0] + 2);
  }
}
