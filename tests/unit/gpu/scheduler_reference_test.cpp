// Each scheduler (vllm_v0, inflight with one and with two contexts per iteration) against the
// naive token-by-token reference on random arrivals, event for event, with and without chunked
// prefill and with enough KV pressure to preempt. The `chunked` scheduler is the default and is
// covered by batching_server_test.cpp, chunk_test.cpp and preempt_test.cpp unchanged.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <string>
#include <vector>

#include "batching_reference.hpp"
#include "models/gpu/batching_server.hpp"
#include "models/gpu/scheduler.hpp"
#include "models/gpu/step_time_choice.hpp"

using namespace opgsim::gpu;
using opgsim::ParamValues;
using opgsim::TypedSpec;
using testing::Arrival;

namespace {

struct Case {
  const char* name;
  const char* gpu;
  const char* model;
  BatchingConfig cfg;
  double rate;
  std::uint32_t max_prompt, max_output;
};

std::vector<Case> cases(const TypedSpec& scheduler, bool chunked_prefill) {
  BatchingConfig base;
  base.scheduler = scheduler;
  base.chunked_prefill = chunked_prefill;
  BatchingConfig h100 = base;
  h100.max_batched_tokens = 2048;
  BatchingConfig small_budget = base;  // prompts over the budget: chunks, or whole prompts alone
  small_budget.max_batched_tokens = 300;
  small_budget.max_batch = 64;
  BatchingConfig l4 = base;  // llama-2-7b on an L4: ~2.4k tokens of KV, admission blocks and preemption
  l4.gpu_memory_utilization = 0.75;
  l4.max_batched_tokens = 2048;
  return {
      {"h100 budget 2048", "h100-sxm", "llama-3.1-8b", h100, 20, 2000, 300},
      {"h100 budget 300", "h100-sxm", "llama-3.1-8b", small_budget, 10, 3000, 300},
      {"l4 small kv", "l4", "llama-2-7b", l4, 2, 800, 300},
  };
}

void check_against_reference(const TypedSpec& scheduler, bool chunked_prefill) {
  for (const Case& c : cases(scheduler, chunked_prefill)) {
    for (const std::uint64_t seed : {3, 4}) {
      CAPTURE(c.name);
      CAPTURE(seed);
      const StepTimeModel s = testing::step_model(c.gpu, c.model);
      auto arrivals = testing::poisson_arrivals(seed, 250, c.rate, c.max_prompt, c.max_output);
      BatchingServer fast(s, c.cfg);
      testing::NaiveBatchingServer slow(s, c.cfg);
      std::erase_if(arrivals, [&](const Arrival& a) { return !fast.can_ever_admit(a.job); });
      testing::RunStats st;
      const auto a = testing::run(fast, arrivals, &st);
      const auto b = testing::run(slow, arrivals);
      MESSAGE(scheduler.type << " " << std::string(c.name) << " seed " << seed << ": " << fast.iterations_completed()
                             << " iterations, " << fast.stats().boundaries << " boundaries, " << fast.preemptions()
                             << " preemptions, " << st.loops << " wake-ups for " << arrivals.size() << " jobs");
      testing::check_same_events(a, b);
      testing::check_lifecycles(a, arrivals.size());
      CHECK(fast.iterations_completed() == slow.iterations);
      CHECK(fast.preemptions() == slow.preemptions);
      const double end = b.back().time + 1;
      CHECK(fast.busy_integral(end) == doctest::Approx(slow.busy_integral(end)).epsilon(1e-9));
    }
  }
}

}  // namespace

TEST_CASE("vllm_v0 equals the naive reference on random arrivals") {
  check_against_reference(TypedSpec{"vllm_v0", {}}, false);
}

TEST_CASE("inflight equals the naive reference on random arrivals, whole prompts") {
  check_against_reference(TypedSpec{"inflight", {}}, false);
}

TEST_CASE("inflight equals the naive reference on random arrivals, chunked context") {
  check_against_reference(TypedSpec{"inflight", {}}, true);
}

TEST_CASE("inflight with two contexts per iteration equals the naive reference on random arrivals") {
  const TypedSpec two{"inflight", ParamValues{}.set("max_context_requests", 2)};
  check_against_reference(two, false);
  check_against_reference(two, true);
}

TEST_CASE("inflight without a context limit is the chunked scheduler event for event") {
  const TypedSpec unlimited{"inflight", ParamValues{}.set("max_context_requests", 0)};
  for (const bool chunked_prefill : {false, true}) {
    for (const Case& c : cases(unlimited, chunked_prefill)) {
      CAPTURE(c.name);
      const StepTimeModel s = testing::step_model(c.gpu, c.model);
      auto arrivals = testing::poisson_arrivals(9, 200, c.rate, c.max_prompt, c.max_output);
      BatchingConfig chunked = c.cfg;
      chunked.scheduler = default_scheduler();
      BatchingServer x(s, c.cfg), y(s, chunked);
      std::erase_if(arrivals, [&](const Arrival& a) { return !x.can_ever_admit(a.job); });
      const auto a = testing::run(x, arrivals);
      const auto b = testing::run(y, arrivals);
      REQUIRE(a.size() == b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].kind == b[i].kind);
        CHECK(a[i].time == b[i].time);
      }
    }
  }
}

TEST_CASE("the schedulers differ where they should: vllm_v0 pauses decoding, inflight serializes prefills") {
  // One long decode in flight while short jobs keep arriving: vllm_v0's prefill-only iterations
  // stretch the long job's TPOT; inflight's one-context-at-a-time stretches the short jobs' TTFT.
  const StepTimeModel s = testing::step_model("h100-sxm", "llama-3.1-8b");
  std::vector<Arrival> arrivals{Arrival{0, opgsim::service::Job{0, 500, 400}}};
  for (std::uint32_t i = 1; i <= 40; ++i)
    arrivals.push_back(Arrival{0.05 + 0.0001 * (i / 4), opgsim::service::Job{i, 500, 2}});
  const auto run_with = [&](const char* type) {
    BatchingConfig cfg;
    cfg.scheduler = TypedSpec{type, {}};
    BatchingServer m(s, cfg);
    return testing::run(m, arrivals);
  };
  const auto time_of = [](const std::vector<opgsim::service::ServiceEvent>& ev, std::uint32_t id,
                          opgsim::service::ServiceEvent::Kind k) {
    for (const auto& e : ev)
      if (e.id == id && e.kind == k) return e.time;
    return -1.0;
  };
  using K = opgsim::service::ServiceEvent::Kind;
  const auto chunked = run_with("chunked"), v0 = run_with("vllm_v0"), inflight = run_with("inflight");
  CHECK(time_of(v0, 0, K::Done) > time_of(chunked, 0, K::Done));
  CHECK(time_of(inflight, 40, K::FirstToken) > time_of(chunked, 40, K::FirstToken));
}

TEST_CASE("every scheduler timed by the measured step-time model equals the naive reference on random arrivals") {
  // The measured model's decode lines (a floor and a line in the total context) drive the fast
  // server's closed-form decode runs; the reference times every iteration from the kernel table.
  const KernelTable table = KernelTable::load(OPGSIM_SOURCE_DIR "/models/gpu/kernels/a100-80gb_llama-3.1-8b.json");
  MeasuredParams p;
  p.cpu_overhead_s = 0.002;
  p.per_sequence_overhead_s = 0.0001;
  const MeasuredStepModel measured(table, p);
  const StepTimeModel s = testing::step_model("a100-80gb", "llama-3.1-8b");
  for (const char* type : {"chunked", "vllm_v0", "inflight"}) {
    for (const bool chunked_prefill : {false, true}) {
      if (chunked_prefill && std::string(type) == "vllm_v0") continue;
      CAPTURE(type);
      CAPTURE(chunked_prefill);
      BatchingConfig cfg;
      cfg.scheduler = TypedSpec{type, {}};
      cfg.chunked_prefill = chunked_prefill;
      cfg.max_batched_tokens = 2048;
      cfg.gpu_memory_utilization = 0.25;  // about 12k tokens of KV: admission blocks and preemption
      auto arrivals = testing::poisson_arrivals(5, 250, 8, 2000, 400);
      BatchingServer fast(s, IterationTimer{measured}, cfg);
      testing::NaiveBatchingServer slow(s, IterationTimer{measured}, cfg);
      std::erase_if(arrivals, [&](const Arrival& a) { return !fast.can_ever_admit(a.job); });
      const auto a = testing::run(fast, arrivals);
      const auto b = testing::run(slow, arrivals);
      testing::check_same_events(a, b);
      testing::check_lifecycles(a, arrivals.size());
      CHECK(fast.iterations_completed() == slow.iterations);
      CHECK(fast.preemptions() == slow.preemptions);
      const std::string label = std::string(type) + (chunked_prefill ? " chunked prefill" : "");
      MESSAGE(label << ": " << fast.iterations_completed() << " iterations, " << fast.preemptions() << " preemptions");
    }
  }
}
