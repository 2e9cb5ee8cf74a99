// Unit tests of chunked prefill in the gpu model: TTFT of a prompt split over iterations, worked
// out by hand; decode tokens keep flowing during a long prefill; agreement with the naive
// reference on random arrivals with prompts longer than the token budget, with and without
// preemption.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <string>
#include <vector>

#include "batching_reference.hpp"
#include "models/gpu/batching_server.hpp"
#include "models/gpu/catalog.hpp"

using namespace opgsim::gpu;
using testing::catalog;
using testing::step_model;
using opgsim::service::Job;
using opgsim::service::ServiceEvent;
using Kind = ServiceEvent::Kind;
using testing::Arrival;

namespace {

double event_time(const std::vector<ServiceEvent>& ev, std::uint32_t id, Kind k) {
  for (const auto& e : ev)
    if (e.id == id && e.kind == k) return e.time;
  return -1;
}

}  // namespace

TEST_CASE("a 20k-token prompt with a 2048-token budget takes ceil(20000 / 2048) = 10 iterations to its first token") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingConfig cfg;
  cfg.max_batched_tokens = 2048;
  cfg.chunked_prefill = true;
  BatchingServer m(s, cfg);
  const double t0 = 2.0;
  const auto ev = testing::run(m, {Arrival{t0, Job{1, 20000, 3}}});
  REQUIRE(ev.size() == 3);
  CHECK((ev[0].kind == Kind::Started && ev[0].time == t0));
  // By hand: chunks of 2048 tokens, each attending to the chunks before it, the last of 1568.
  double t = t0;
  std::uint32_t done = 0;
  int iterations = 0;
  while (done < 20000) {
    const std::uint32_t n = std::min<std::uint32_t>(2048, 20000 - done);
    Batch b;
    b.add_prefill(n, done);
    t += s.time(b);
    done += n;
    ++iterations;
  }
  CHECK(iterations == 10);
  CHECK(ev[1].kind == Kind::FirstToken);
  CHECK(ev[1].time == doctest::Approx(t).epsilon(1e-12));
  CHECK(m.iterations_completed() == 10 + 2);
  CHECK(m.stats().boundaries >= 10);
  // Without chunking the same prompt is one iteration, and a shorter TTFT (no repeated weight
  // reads and overheads).
  BatchingConfig whole = cfg;
  whole.chunked_prefill = false;
  BatchingServer w(s, whole);
  const auto ew = testing::run(w, {Arrival{t0, Job{1, 20000, 3}}});
  Batch b;
  b.add_prefill(20000);
  CHECK(ew[1].time - t0 == doctest::Approx(s.time(b)).epsilon(1e-12));
  CHECK(ew[1].time < ev[1].time);
}

TEST_CASE("decode tokens keep flowing while a long prompt is prefilled in chunks") {
  // Job 1 decodes; job 2's 20k-token prompt arrives. Whole prefill: one long iteration gives
  // job 1 a single token. Chunked: job 1 gets a token in each of the ~10 chunk iterations.
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  double done1[2] = {0, 0};
  for (const bool chunked : {false, true}) {
    BatchingConfig cfg;
    cfg.max_batched_tokens = 2048;
    cfg.chunked_prefill = chunked;
    BatchingServer m(s, cfg);
    testing::NaiveBatchingServer slow(s, cfg);
    const std::vector<Arrival> arrivals{Arrival{0, Job{1, 500, 40}}, Arrival{0.05, Job{2, 20000, 5}}};
    const auto ev = testing::run(m, arrivals);
    testing::check_same_events(ev, testing::run(slow, arrivals));
    done1[chunked] = event_time(ev, 1, Kind::Done);
    // Chunked, job 2's chunks share each iteration with job 1's decode token (budget 2047 each).
    if (chunked) CHECK(m.stats().boundaries >= 10);
  }
  CHECK(done1[1] < done1[0]);
}

TEST_CASE("chunked prefill equals the naive reference on random arrivals with prompts over the budget") {
  struct Case {
    const char* name;
    const char* gpu;
    const char* model;
    BatchingConfig cfg;
    double rate;
    std::uint32_t max_prompt, max_output;
    bool expect_preemption;
  };
  BatchingConfig h100;
  h100.chunked_prefill = true;
  h100.max_batched_tokens = 2048;
  BatchingConfig small_budget = h100;
  small_budget.max_batched_tokens = 300;
  small_budget.max_batch = 64;
  BatchingConfig starved = h100;  // decode tokens can use the whole budget: prefills wait
  starved.max_batched_tokens = 24;
  starved.max_batch = 32;
  BatchingConfig l4 = h100;  // llama-2-7b on an L4: 968 blocks, preemption of part-prefilled sequences
  l4.max_batched_tokens = 512;
  const Case cases[] = {
      {"h100 budget 2048", "h100-sxm", "llama-3.1-8b", h100, 15, 12000, 300, false},
      {"h100 budget 300", "h100-sxm", "llama-3.1-8b", small_budget, 10, 3000, 300, false},
      {"h100 budget 24", "h100-sxm", "llama-3.1-8b", starved, 10, 200, 100, false},
      {"l4 small kv", "l4", "llama-2-7b", l4, 0.6, 4000, 1500, true},
  };
  for (const Case& c : cases) {
    for (const std::uint64_t seed : {5, 6}) {
      CAPTURE(c.name);
      CAPTURE(seed);
      const StepTimeModel s = step_model(c.gpu, c.model);
      auto arrivals = testing::poisson_arrivals(seed, 200, c.rate, c.max_prompt, c.max_output);
      BatchingServer fast(s, c.cfg);
      testing::NaiveBatchingServer slow(s, c.cfg);
      std::erase_if(arrivals, [&](const Arrival& a) { return !fast.can_ever_admit(a.job); });
      testing::RunStats st;
      const auto a = testing::run(fast, arrivals, &st);
      const auto b = testing::run(slow, arrivals);
      MESSAGE(std::string(c.name) << " seed " << seed << ": " << fast.iterations_completed() << " iterations, "
                                  << fast.stats().boundaries << " boundaries, " << fast.preemptions()
                                  << " preemptions, " << st.loops << " wake-ups for " << arrivals.size() << " jobs");
      testing::check_same_events(a, b);
      testing::check_lifecycles(a, arrivals.size());
      CHECK(fast.iterations_completed() == slow.iterations);
      CHECK(fast.preemptions() == slow.preemptions);
      if (c.expect_preemption) CHECK(fast.preemptions() > 0);
      const double end = b.back().time + 1;
      CHECK(fast.busy_integral(end) == doctest::Approx(slow.busy_integral(end)).epsilon(1e-9));
    }
  }
}

TEST_CASE("jobs admitted at the instant an iteration begins ride along within the chunk budget") {
  const StepTimeModel s = step_model("h100-sxm", "llama-3.1-8b");
  BatchingConfig cfg;
  cfg.max_batched_tokens = 2048;
  cfg.chunked_prefill = true;
  BatchingServer m(s, cfg);
  const std::vector<Arrival> arrivals{Arrival{1, Job{1, 1500, 3}}, Arrival{1, Job{2, 1500, 3}},
                                      Arrival{1, Job{3, 1500, 3}}};
  const auto ev = testing::run(m, arrivals);
  // First iteration: job 1 whole and 548 tokens of job 2; job 3 starts at the next boundary.
  Batch first;
  first.add_prefill(1500);
  first.add_prefill(548);
  CHECK(event_time(ev, 1, Kind::Started) == 1.0);
  CHECK(event_time(ev, 2, Kind::Started) == 1.0);
  CHECK(event_time(ev, 1, Kind::FirstToken) - 1.0 == doctest::Approx(s.time(first)).epsilon(1e-12));
  CHECK(event_time(ev, 3, Kind::Started) == event_time(ev, 1, Kind::FirstToken));
  testing::NaiveBatchingServer slow(s, cfg);
  testing::check_same_events(ev, testing::run(slow, arrivals));
}
