// A closed-loop benchmark driver, the way serving measurements are made (`vllm bench serve
// --max-concurrency N` with fixed input and output lengths): N users each send their next
// request the instant the previous one completes, to ONE node's service model. What the
// calibration fits and the validation table reports. Pure and deterministic: no SimGrid, no
// randomness, a plain event loop over the ServiceModel interface.
//
// Times are server-side, as the engine's results define them (results/README.md): TTFT =
// first token - submission, TPOT = (done - first token) / (output - 1). A request becomes
// admittable request_overhead_s after its submission (the serving front end: HTTP, chat
// template, tokenization), in submission order; TTFT includes that wait.
#pragma once

#include <cstdint>

#include "models/service/service_model.hpp"

namespace opgsim::gpu {

struct ClosedLoopConfig {
  std::uint32_t users = 1;            // concurrency N
  std::uint32_t prompt_tokens = 1;
  std::uint32_t output_tokens = 2;
  std::uint32_t warmup_requests = 0;  // left out of the statistics; 0 means 3 N
  std::uint32_t measured_requests = 0;  // 0 means max(20 N, 100)
  // true: users join one at a time, each when the previous one's first request gets its first
  // token. With identical requests, N users released at once would stay in lockstep forever
  // (every completion and every prefill in the same iterations: one huge prefill per cycle),
  // an artifact real benchmarks do not show (chunked prefill, lengths that vary, clients that
  // start a few ms apart spread them out). Ramping up spreads the users over distinct
  // iterations, and identical cycle lengths keep them there. false: all N start at t = 0.
  bool ramp_up = true;
  // The serving front end's time per request before the scheduler can admit it
  // (service::ServiceSpec::request_overhead_s, >= 0): a request submitted at t is admittable
  // from t + request_overhead_s. It uses no GPU time.
  double request_overhead_s = 0;
};

struct ClosedLoopResult {
  double ttft_p50_s = 0, ttft_mean_s = 0;
  double tpot_p50_s = 0, tpot_mean_s = 0;  // 0 when output_tokens < 2
  // Output tokens of the measured requests / (last measured completion - first measured
  // submission).
  double output_tok_per_s = 0;
  std::uint32_t measured = 0;
};

// Runs the benchmark on a fresh (idle) model. Throws InputError when a request can never be
// admitted (its KV-cache need exceeds the whole cache). Requests after the measured ones keep
// the load at N until every measured request is done, so the last ones see the same
// concurrency as the first.
ClosedLoopResult run_closed_loop(service::ServiceModel& model, const ClosedLoopConfig& cfg);

}  // namespace opgsim::gpu
