// The `vllm_v0` scheduler: vLLM V0's default scheduler (chunked prefill off), prefills first.
//
// At each iteration boundary (after completions and growth preemption, which are common to every
// scheduler, see batching_server.hpp):
// - Prefills are scheduled first, FIFO: preempted sequences (last preempted first, each only if its
//   blocks fit with the watermark; the first that does not fit stops resumption), then admitted
//   jobs, whole prompts, up to max_batched_tokens prefill tokens (the first always fits).
// - If any prefill was scheduled, the iteration is prefill-only: decoding sequences get no token
//   and hold their blocks (they do not grow). Otherwise it is a decode iteration of every decoding
//   sequence.
// - A job admitted during a decode iteration therefore stops decoding for one prefill-only
//   iteration at the next boundary; a burst of arrivals can pause decoding for several.
// Source: vLLM v0 vllm/core/scheduler.py `_schedule_default`: `_schedule_prefills` runs first when
// nothing is swapped, and `_schedule_running` / `_schedule_swapped` run only when no prefill was
// scheduled ("Don't schedule decodes if prefills are scheduled"), so a batch is all prompt or all
// decode.
// Assumptions (marked, as the rest of the server):
// - The prompt's blocks are taken at admission (as for every scheduler here), where vLLM allocates
//   them when `_schedule_prefills` picks the sequence; the watermark check is the same.
// - A prompt longer than max_batched_tokens runs alone; vLLM V0 rejects it (FINISHED_IGNORED)
//   unless the budget is raised, so scenarios should keep max_batched_tokens >= the longest prompt.
// - Growth is reserved at every boundary, also before a prefill-only iteration: a decoding
//   sequence holds the blocks for its next token (vLLM appends that slot in the next decode
//   iteration). Identical unless the cache is full at that boundary.
// - chunked_prefill is refused: vLLM V0 with chunked prefill uses `_schedule_chunked_prefill`,
//   which is the `chunked` scheduler's mixed batches.
#include "models/gpu/scheduler.hpp"

namespace opgsim::gpu {

std::unique_ptr<Scheduler> make_vllm_v0_scheduler(const ParamValues&) {
  return std::make_unique<Scheduler>("vllm_v0", SchedulerRules{.decode_with_prefill = false, .max_prefill_seqs = 0,
                                                               .allows_chunked_prefill = false});
}

}  // namespace opgsim::gpu
