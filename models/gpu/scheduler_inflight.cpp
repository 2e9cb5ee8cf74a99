// The `inflight` scheduler: TensorRT-LLM in-flight batching (as NVIDIA NIM serves it), read as
// "one context phase at a time": a new request's prefill waits behind the running prefill.
//
// An iteration holds one decode token of every decoding sequence (generation phase) plus the
// context work of at most max_context_requests sequences (default 1), taken in the `chunked`
// scheduler's order: a part-prefilled sequence first, then a preempted one (last preempted first),
// then the oldest admitted job.
// - chunked_prefill off: the whole prompt (it always fits, as a first prefill does).
// - chunked_prefill on (TensorRT-LLM's enable_chunked_context): a chunk of min(tokens left,
//   max_batched_tokens minus the decode tokens); the next request's context starts only after the
//   last chunk of the running one.
// Sources: TensorRT-LLM docs, "Paged Attention, IFB, and Request Scheduling" (context-phase and
// generation-phase sequences in one packed batch) and the scheduler docs (CapacityScheduler, then
// MicroBatchScheduler picking context and generation requests under max_num_tokens).
// Assumptions (marked):
// - One context at a time is the reading of TensorRT-LLM / NIM. TensorRT-LLM's
//   MicroBatchScheduler may pack several context requests under max_num_tokens (its tuning guide
//   shows two 5-token prompts in one step); max_context_requests = 0 (no limit) models that, and
//   then equals `chunked`.
// - KV cache as every scheduler here: blocks on demand, LIFO preemption by recompute (close to
//   TensorRT-LLM's MAX_UTILIZATION capacity policy, which pauses requests; its default
//   GUARANTEED_NO_EVICT reserves a request's whole output at admission and is not modelled).
#include "models/gpu/scheduler.hpp"

namespace opgsim::gpu {

std::unique_ptr<Scheduler> make_inflight_scheduler(const ParamValues& p) {
  const auto n = static_cast<std::uint32_t>(p.get("max_context_requests", 1));
  return std::make_unique<Scheduler>("inflight", SchedulerRules{.decode_with_prefill = true, .max_prefill_seqs = n,
                                                                .allows_chunked_prefill = true});
}

}  // namespace opgsim::gpu
