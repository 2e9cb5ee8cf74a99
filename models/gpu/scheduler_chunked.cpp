// The `chunked` scheduler: mixed iterations, vLLM V1 / Sarathi-Serve style. The default, and
// exactly the batching opgsim had before schedulers were selectable (same iterations, same times).
//
// An iteration holds one decode token of every decoding sequence plus prefill work: part-prefilled
// sequences (batch order), then preempted ones (last preempted first), then admitted jobs (FIFO).
// - chunked_prefill on (vLLM V1, Sarathi-Serve's stall-free batching): the budget is
//   max_batched_tokens minus the decode tokens; each prefill takes min(tokens left, budget left).
// - chunked_prefill off: whole prompts up to max_batched_tokens prefill tokens (the first always
//   fits), still batched with every decode token.
// Sources: vLLM v1/core/sched/scheduler.py `schedule` (running requests first, then waiting, one
// token budget); Agrawal et al., "Taming Throughput-Latency Tradeoff in LLM Inference with
// Sarathi-Serve", OSDI 2024 (chunked prefills piggybacking on decodes).
#include "models/gpu/scheduler.hpp"

namespace opgsim::gpu {

std::unique_ptr<Scheduler> make_chunked_scheduler(const ParamValues&) {
  return std::make_unique<Scheduler>("chunked", SchedulerRules{.decode_with_prefill = true, .max_prefill_seqs = 0,
                                                               .allows_chunked_prefill = true});
}

}  // namespace opgsim::gpu
