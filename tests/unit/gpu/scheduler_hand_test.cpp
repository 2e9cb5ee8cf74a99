// The schedulers (chunked, vllm_v0, inflight) on two requests with a constant, known step time T:
// TTFT and TPOT worked out by hand for each, plus the registry's names and errors.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <string>
#include <vector>

#include "batching_reference.hpp"
#include "models/common/input_error.hpp"
#include "models/gpu/batching_server.hpp"
#include "models/gpu/scheduler.hpp"

using namespace opgsim::gpu;
using opgsim::InputError;
using opgsim::TypedSpec;
using opgsim::service::Job;
using opgsim::service::ServiceEvent;
using Kind = ServiceEvent::Kind;
using testing::Arrival;

namespace {

// Every iteration lasts exactly T: the H100's FLOP/s and bandwidth are made so large that compute
// and memory time (below 1e-25 s) vanish when added to the overhead, and T = 1/8 s is a power of
// two, so every sum of steps is exact.
constexpr double T = 0.125;

StepTimeModel constant_step() {
  GpuSpec gpu = testing::catalog().gpu("h100-sxm");
  gpu.fp16_flops = gpu.bf16_flops = 1e40;
  gpu.hbm_bandwidth_bytes_per_s = 1e40;
  StepParams p;
  p.overhead_s = T;
  return StepTimeModel(gpu, testing::catalog().model("llama-3.1-8b"), p);
}

BatchingConfig with(const char* scheduler, bool chunked_prefill = false, std::uint32_t max_tokens = 8192) {
  BatchingConfig cfg;
  cfg.scheduler = TypedSpec{scheduler, {}};
  cfg.chunked_prefill = chunked_prefill;
  cfg.max_batched_tokens = max_tokens;
  return cfg;
}

double at(const std::vector<ServiceEvent>& ev, std::uint32_t id, Kind k) {
  for (const auto& e : ev)
    if (e.id == id && e.kind == k) return e.time;
  return -1;
}

struct Latency {
  double ttft, tpot;
};

// TTFT from arrival; TPOT = (Done - FirstToken) / (output - 1).
Latency latency(const std::vector<ServiceEvent>& ev, const Arrival& a) {
  const double first = at(ev, a.job.id, Kind::FirstToken);
  return {first - a.t, (at(ev, a.job.id, Kind::Done) - first) / (a.job.output_tokens - 1)};
}

// Runs the two arrivals on the server and on the naive reference (which must agree), and returns
// both requests' latencies.
std::vector<Latency> two_requests(const BatchingConfig& cfg, const std::vector<Arrival>& arrivals) {
  const StepTimeModel s = constant_step();
  BatchingServer fast(s, cfg);
  testing::NaiveBatchingServer slow(s, cfg);
  const auto ev = testing::run(fast, arrivals);
  testing::check_same_events(ev, testing::run(slow, arrivals));
  testing::check_lifecycles(ev, arrivals.size());
  return {latency(ev, arrivals[0]), latency(ev, arrivals[1])};
}

// A and B: 100-token prompts, 3 output tokens (a first token and two decode steps).
const std::vector<Arrival> together{Arrival{0, Job{1, 100, 3}}, Arrival{0, Job{2, 100, 3}}};
// B arrives halfway through A's prefill.
const std::vector<Arrival> staggered{Arrival{0, Job{1, 100, 3}}, Arrival{T / 2, Job{2, 100, 3}}};

}  // namespace

TEST_CASE("the step time of the hand-computed cases is exactly T for prefill, decode and mixed batches") {
  const StepTimeModel s = constant_step();
  Batch mixed;
  mixed.add_prefill(100);
  mixed.add_decode(2, 300);
  Batch decode;
  decode.add_decode(1, 101);
  CHECK(s.time(mixed) == T);
  CHECK(s.time(decode) == T);
}

TEST_CASE("chunked with two requests at once: one shared prefill, TTFT T and TPOT T for both") {
  // [0,T) prefill A+B; [T,2T) and [2T,3T) decode both: FirstToken at T, Done at 3T.
  const auto l = two_requests(with("chunked"), together);
  CHECK(l[0].ttft == T);
  CHECK(l[0].tpot == T);
  CHECK(l[1].ttft == T);
  CHECK(l[1].tpot == T);
}

TEST_CASE("chunked with B arriving during A's prefill: B's prefill rides with A's first decode") {
  // [0,T) prefill A; [T,2T) decode A + prefill B; [2T,3T) decode A (Done) and B; [3T,4T) B Done.
  const auto l = two_requests(with("chunked"), staggered);
  CHECK(l[0].ttft == T);
  CHECK(l[0].tpot == T);
  CHECK(l[1].ttft == 1.5 * T);  // arrived at T/2, FirstToken at 2T
  CHECK(l[1].tpot == T);
}

TEST_CASE("vllm_v0 with two requests at once: one prefill-only iteration, then decodes") {
  const auto l = two_requests(with("vllm_v0"), together);
  CHECK(l[0].ttft == T);
  CHECK(l[0].tpot == T);
  CHECK(l[1].ttft == T);
  CHECK(l[1].tpot == T);
}

TEST_CASE("vllm_v0 with B arriving during A's prefill: A's decoding pauses for B's prefill-only iteration") {
  // [0,T) prefill A; [T,2T) prefill B only (A gets no token); [2T,3T) and [3T,4T) decode both.
  // A: FirstToken T, Done 4T, TPOT (4T - T) / 2 = 1.5 T. B: FirstToken 2T, Done 4T.
  const auto l = two_requests(with("vllm_v0"), staggered);
  CHECK(l[0].ttft == T);
  CHECK(l[0].tpot == 1.5 * T);
  CHECK(l[1].ttft == 1.5 * T);
  CHECK(l[1].tpot == T);
}

TEST_CASE("inflight with two requests at once: B's prefill waits behind A's") {
  // [0,T) prefill A only; [T,2T) decode A + prefill B; [2T,3T) decode both (A Done); [3T,4T) B Done.
  const auto l = two_requests(with("inflight"), together);
  CHECK(l[0].ttft == T);
  CHECK(l[0].tpot == T);
  CHECK(l[1].ttft == 2 * T);
  CHECK(l[1].tpot == T);
}

TEST_CASE("inflight with B arriving during A's prefill: the same as chunked") {
  const auto l = two_requests(with("inflight"), staggered);
  CHECK(l[0].ttft == T);
  CHECK(l[0].tpot == T);
  CHECK(l[1].ttft == 1.5 * T);
  CHECK(l[1].tpot == T);
}

TEST_CASE("inflight with chunked context: B starts only after A's last chunk, even with budget left") {
  // Budget 64. [0,T) A 64; [T,2T) A 36 (28 tokens of budget unused: B waits), A FirstToken;
  // [2T,3T) decode A (Done, 2 tokens) + B 63; [3T,4T) B 37, B FirstToken; [4T,5T) B Done.
  const std::vector<Arrival> a{Arrival{0, Job{1, 100, 2}}, Arrival{0, Job{2, 100, 2}}};
  const auto l = two_requests(with("inflight", true, 64), a);
  CHECK(l[0].ttft == 2 * T);
  CHECK(l[0].tpot == T);
  CHECK(l[1].ttft == 4 * T);
  CHECK(l[1].tpot == T);
  // chunked uses those 28 tokens for B, but B still needs a second chunk: FirstToken also at 4T.
  const auto c = two_requests(with("chunked", true, 64), a);
  CHECK(c[0].ttft == 2 * T);
  CHECK(c[1].ttft == 4 * T);
}

TEST_CASE("the registry lists chunked, vllm_v0 and inflight, and the default is chunked") {
  std::vector<std::string> names;
  for (const auto& e : schedulers()) names.emplace_back(e.name);
  CHECK(names == std::vector<std::string>{"chunked", "vllm_v0", "inflight"});
  CHECK(BatchingConfig{}.scheduler.type == "chunked");
  CHECK(make_scheduler(TypedSpec{"chunked", {}}).rules().decode_with_prefill);
  CHECK_FALSE(make_scheduler(TypedSpec{"vllm_v0", {}}).rules().decode_with_prefill);
  CHECK(make_scheduler(TypedSpec{"inflight", {}}).rules().max_prefill_seqs == 1);
  CHECK(make_scheduler(TypedSpec{"inflight", opgsim::ParamValues{}.set("max_context_requests", 3)}).rules().max_prefill_seqs == 3);
}

TEST_CASE("unknown scheduler names, bad parameters and vllm_v0 with chunked prefill are errors") {
  const StepTimeModel s = constant_step();
  CHECK_THROWS_WITH_AS(make_scheduler(TypedSpec{"fcfs", {}}),
                       "unknown scheduler type 'fcfs' (known: chunked, vllm_v0, inflight)", InputError);
  CHECK_THROWS_AS(BatchingServer(s, with("vLLM_v0")), InputError);
  CHECK_THROWS_AS(make_scheduler(TypedSpec{"inflight", opgsim::ParamValues{}.set("max_context_requests", -1)}), InputError);
  CHECK_THROWS_AS(make_scheduler(TypedSpec{"chunked", opgsim::ParamValues{}.set("max_context_requests", 1)}), InputError);
  CHECK_THROWS_WITH_AS(BatchingServer(s, with("vllm_v0", true)),
                       "scheduler 'vllm_v0' has no chunked prefill (use the 'chunked' scheduler)", InputError);
}
