// The `gpu` service model: vLLM-style continuous batching on one GPU or tensor-parallel group,
// with iteration times from the chosen step-time model (step_time_choice.hpp: the roofline of
// step_time.hpp by default, or the measured kernels of measured_step_time.hpp). Pure: no SimGrid.
//
// KV cache (PagedAttention, blocks of B = kv_block_tokens tokens, allocated on demand):
// - A sequence with g output tokens so far holds ceil((p + g) / B) blocks once decoding (p its
//   prompt tokens; its next decode token attends to those p + g tokens). While waiting to join or
//   prefilling it holds the blocks of everything it will prefill: ceil(p / B) for a new job,
//   ceil((p + g) / B) for a resumed one. The prompt's blocks are taken at admission (as vLLM V0
//   does, also with chunked prefill), so an admitted job never waits for cache to start.
// - Watermark: W = floor(1% of the blocks) are kept free at admission and at resumption, as
//   vLLM's block manager does (free - needed >= W); growth of running sequences may use them.
// - can_admit: no preempted sequence is waiting, fewer than max_batch jobs in service, and
//   free blocks - ceil(p / B) >= W. can_ever_admit: ceil((p + out - 1) / B) + W <= blocks, the
//   most the job holds alone; a job that passes can always finish (alone it is never preempted).
//
// Iteration boundaries (the end of one iteration is the start of the next), in this order:
// 1. Results: decoding sequences gain a token; a sequence whose last prefill chunk ran gains a
//    token (its FirstToken, unless it had one before a preemption) and starts decoding.
// 2. Completions: a sequence with all its output tokens is Done and frees its blocks. A job with
//    one output token is Done at its FirstToken; output_tokens 0 counts as 1.
// 3. Growth and preemption: every running sequence (decoding or part-prefilled) needs its blocks
//    for the next iteration. Running sequences are ordered by when they (re)entered the batch;
//    as vLLM's scheduler does, they are served oldest first and, when the cache runs out, the
//    most recent one is preempted (possibly the one being served). Net effect: the longest
//    prefix in that order whose needs fit stays; the rest is preempted by recompute: its blocks
//    are freed, its tokens so far kept, and it goes on a preempted stack (the last preempted is
//    resumed first, like vLLM's prepend to its waiting queue).
// 4. Scheduling the next iteration: the scheduler (BatchingConfig::scheduler, see scheduler.hpp
//    and scheduler_<name>.cpp) decides. Prefill work is taken in this order: part-prefilled
//    sequences (batch order), preempted sequences (stack top first, while blocks with the watermark
//    allow; the first that does not fit stops resumption), then admitted jobs in FIFO order (they
//    already hold their blocks; their Started is at the start of their first prefill iteration),
//    at most the scheduler's max_prefill_seqs sequences. A resumed sequence re-prefills p + g
//    tokens (recompute); its last chunk produces its next token; Started and FirstToken are not
//    reported again.
//    - Without chunked prefill: whole prompts, up to max_batched_tokens prefill tokens per
//      iteration; the first prefill always fits (a longer prompt runs alone at the head rather
//      than stalling the queue), later ones wait (FIFO across the stack and admitted jobs).
//    - With chunked_prefill (vLLM V1 style): the budget is max_batched_tokens minus the decode
//      tokens; each prefill takes min(tokens left to prefill, budget left) tokens, attending to its
//      earlier chunks' KV. A prompt of P tokens alone takes ceil(P / budget) iterations.
//    Every decoding sequence gets one decode token in the iteration, unless it has prefill work
//    and the scheduler runs prefill-only iterations (vllm_v0): then decoding pauses for it.
//    No prefill work (or no budget): the iteration decodes only; nothing: the GPU is idle.
// An admitted job joins at the next iteration boundary: at once if the GPU is idle, also at once
// if the iteration in progress began exactly now (it has not been launched: the job rides along
// if it would have been scheduled), otherwise when the iteration in progress ends.
//
// The iteration counter (counter_) counts decode steps: iterations that gave every decoding
// sequence a token. A prefill-only iteration leaves it (and so every decoder's tokens, blocks and
// finish point, all kept relative to it) unchanged, with no per-sequence work.
//
// Cost: between membership changes the batch is fixed. DecodeSegment gives iteration end times in
// closed form, sequences record the counter value at which they finish, and DecoderBlocks gives
// the iteration at which the fixed batch outgrows the cache. A decode run ends at the earliest of
// the next completion, the end of the iteration in progress when jobs wait to join, and the
// iteration whose block growth forces a preemption. Internal events (and the caller's wake-ups)
// are per join, prefill chunk, completion and preemption, never per token.
//
// Slow node (set_slowdown(f, now)): every iteration that begins at or after now lasts f times its
// roofline time (decode runs scale their closed-form lines by f). The iteration in progress at now
// keeps its planned end; an iteration beginning exactly at now has not been launched and takes the
// new speed. A decode run in progress is re-planned rather than left to its next membership
// change (which may be thousands of tokens away): it stops at the end of its iteration in
// progress, as it does when a job waits to join, and a new run at the new speed starts from
// there. That extra boundary changes nothing else (no completion, join or block change falls
// inside a run), so the schedule is the one a token-by-token server would follow (later times
// are summed from the new run's start, so they agree with an unsplit run to rounding).
#pragma once

#include <cstdint>
#include <vector>

#include "models/gpu/decode_segment.hpp"
#include "models/gpu/kv_decoder_blocks.hpp"
#include "models/gpu/scheduler.hpp"
#include "models/gpu/step_time.hpp"
#include "models/gpu/step_time_choice.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::gpu {

struct BatchingConfig {
  std::uint32_t max_batch = 256;             // vLLM max_num_seqs
  std::uint32_t max_batched_tokens = 8192;   // tokens per iteration (see the rules above)
  std::uint32_t kv_block_tokens = 16;
  double gpu_memory_utilization = 0.9;
  bool chunked_prefill = false;              // split prefills over iterations (vLLM V1 style)
  // How iterations are formed: {"type": "chunked" | "vllm_v0" | "inflight", ...params} from the
  // registry in scheduler_registry.cpp. The default is the mixed batching of "chunked".
  TypedSpec scheduler = default_scheduler();
};

class BatchingServer final : public service::ServiceModel {
public:
  // Throws InputError for zero limits, when the KV cache has no room for even one block, for an
  // unknown scheduler and for chunked_prefill with a scheduler that has none (vllm_v0).
  BatchingServer(const StepTimeModel& step, const BatchingConfig& cfg);
  // Iterations timed by `timer` (e.g. a MeasuredStepModel); `step` still sizes the KV cache.
  BatchingServer(const StepTimeModel& step, IterationTimer timer, const BatchingConfig& cfg);

  bool can_admit(const service::Job& job) const override;
  void admit(const service::Job& job, double now) override;
  double next_event_time() const override;
  void advance(double now, std::vector<service::ServiceEvent>& out) override;
  std::uint32_t in_service() const override { return in_service_; }
  std::uint32_t slots() const override { return cfg_.max_batch; }
  // 1 while iterations run. Exact for now at or after the last admit/advance time and not past
  // next_event_time() (call advance(now) first).
  double busy_integral(double now) const override;
  // Closes the busy period at the last time passed to admit/advance (call advance(now) first).
  void abort_all(std::vector<std::uint32_t>& ids) override;
  // See "Slow node" above.
  void set_slowdown(double factor, double now) override;
  double slowdown() const { return slowdown_; }

  // Whether the job could ever finish here (see can_ever_admit above): a job that could not
  // would otherwise wait forever.
  bool fits_ever(const service::Job& job) const;
  bool can_ever_admit(const service::Job& job) const override { return fits_ever(job); }
  std::uint64_t kv_blocks_total() const { return blocks_total_; }
  // Blocks in use / free at the last time passed to admit/advance.
  std::uint64_t kv_blocks_used() const;
  std::uint64_t kv_blocks_free() const { return blocks_total_ - kv_blocks_used(); }
  std::uint64_t kv_watermark_blocks() const { return watermark_; }
  std::uint64_t kv_capacity_tokens() const { return kv_capacity_tokens_; }
  std::uint64_t iterations_completed() const { return iterations_; }
  const SchedulerRules& scheduler_rules() const { return rules_; }
  std::uint64_t preemptions() const override { return stats_.preemptions; }
  double occupancy() const override {
    return blocks_total_ ? static_cast<double>(kv_blocks_used()) / static_cast<double>(blocks_total_) : 0.0;
  }
  // Tokens of the iteration in progress (prefill chunks and one per decoding sequence) / the
  // budget, at the last time passed to admit/advance; a whole prompt longer than the budget
  // (no chunked prefill) counts as 1.
  double token_budget_fill() const override;
  // Sequences preempted and waiting to be resumed.
  std::uint32_t preempted_waiting() const { return static_cast<std::uint32_t>(preempted_.size()); }
  // Internal work counters, for tests and diagnostics: the cost of a run is proportional to
  // boundaries, never to iterations.
  struct Stats {
    std::uint64_t boundaries = 0;        // iteration / decode-run ends processed
    std::uint64_t decode_runs = 0;       // closed-form decode runs started
    std::uint64_t runs_crossed = 0;      // runs that went past their compute/memory crossover
    std::uint64_t preemptions = 0;       // sequences preempted (a sequence may count repeatedly)
    std::uint64_t shortage_stops = 0;    // decode runs ended by block growth
  };
  const Stats& stats() const { return stats_; }
  // The catalog model that sizes the KV cache (and times iterations unless a timer was given).
  const StepTimeModel& step_model() const { return step_; }
  const IterationTimer& timer() const { return timer_; }

private:
  enum class Phase : std::uint8_t { Idle, Prefill, Decode };
  enum class State : std::uint8_t { Free, Joining, Prefilling, Decoding, Preempted };
  static constexpr std::uint64_t kNone = UINT64_MAX;

  struct Seq {
    std::uint32_t id = 0;
    std::uint32_t prompt = 0;
    std::uint32_t output = 0;      // >= 1
    std::uint32_t generated = 0;   // output tokens so far (implicit while Decoding: see base)
    std::uint32_t target = 0;      // tokens this prefill computes (prompt, or prompt + generated)
    std::uint32_t prefilled = 0;   // of target, computed in earlier chunks
    std::uint64_t blocks = 0;      // held while Joining / Prefilling
    std::int64_t base = 0;         // Decoding: tokens in cache = base + counter
    std::uint64_t order = 0;       // admission order: tie-break of events
    std::uint64_t batch_order = 0; // when it (re)entered the batch: preemption order
    State state = State::Free;
    bool started = false;          // Started reported
  };
  struct Finish {                  // min-heap entry: the counter value at which a sequence is Done
    std::uint64_t at;
    std::uint64_t order;
    std::uint32_t slot;
  };
  struct Chunk {                   // prefill work of the iteration in progress
    std::uint32_t slot;
    std::uint32_t tokens;
  };
  struct Pending {                 // an event not yet handed out, with its sort key
    service::ServiceEvent event;
    std::uint64_t order;
  };

  std::uint64_t blocks_of(std::uint64_t tokens) const { return DecoderBlocks::blocks(tokens, cfg_.kv_block_tokens); }
  double boundary_time() const;    // end of the current iteration or decode run; kNever if idle
  std::uint64_t run_stop() const;  // Phase::Decode: iterations of the run before it stops
  void process_until(double now);  // every boundary at or before now
  void sync_to(double now);        // process_until, then note the iteration in progress at now
  void stop_run_after_iteration_at(double now);  // Phase::Decode: end the run at a boundary
  void process_boundary();
  void finish_prefill(std::uint32_t slot, double t);
  void complete(std::uint32_t slot, double t);
  // scheduler_iteration.cpp: steps 3 and 4 of a boundary.
  void preempt_for_growth();
  void preempt(std::uint32_t slot);
  void start_iteration(double t);
  bool try_resume();
  void start_joiner(std::uint32_t slot, double t);
  void add_chunk(std::uint32_t slot, std::uint32_t tokens);
  void start_decode_run(double t);
  // An iteration's duration at the current speed.
  double iteration_time(const Batch& b) const { return iteration_seconds(timer_, b) * slowdown_; }
  void emit(service::ServiceEvent::Kind kind, const Seq& s, double t);
  double decode_context() const;   // total context of the decoding sequences at counter_
  std::uint64_t used_at(std::uint64_t counter) const { return fixed_blocks_ + decoders_.at(counter); }
  void push_finish(std::uint32_t slot);
  void pop_finish();

  StepTimeModel step_;
  IterationTimer timer_;
  BatchingConfig cfg_;
  SchedulerRules rules_;
  std::uint64_t kv_capacity_tokens_ = 0;
  std::uint64_t blocks_total_ = 0;
  std::uint64_t watermark_ = 0;
  // Blocks held by Joining and Prefilling sequences; decoding ones are in decoders_.
  std::uint64_t fixed_blocks_ = 0;
  DecoderBlocks decoders_;

  // Jobs in service live in a fixed pool of max_batch slots: no allocation per job.
  std::vector<Seq> pool_;
  std::vector<std::uint32_t> free_slots_;
  std::uint32_t in_service_ = 0;
  std::uint64_t next_order_ = 0;
  std::uint64_t next_batch_order_ = 0;
  // Admitted, waiting for an iteration boundary: a FIFO ring of slots.
  std::vector<std::uint32_t> waiting_;
  std::uint32_t waiting_head_ = 0, waiting_size_ = 0;
  // Preempted sequences; the back is resumed first.
  std::vector<std::uint32_t> preempted_;
  // Prefilling sequences in batch order (with chunked prefill one may span iterations).
  std::vector<std::uint32_t> partial_;
  // Decoding sequences by the counter value at which they finish.
  std::vector<Finish> finish_heap_;
  std::vector<std::uint32_t> scratch_;  // preemption: the running sequences in batch order

  Phase phase_ = Phase::Idle;
  // Decode-step counter: iterations completed so far that gave the decoding sequences a token (at
  // the last boundary; a decode run's progress is implicit in its start counter and the time).
  std::uint64_t counter_ = 0;
  // Every iteration completed (decode steps and prefill-only iterations), at the last boundary.
  std::uint64_t iterations_ = 0;
  // The decoding sequences: how many, and sum(base) so that their total context at counter c is
  // context_base_ + running_ * c (each attends to prompt + tokens so far).
  std::uint32_t running_ = 0;
  std::int64_t context_base_ = 0;
  // The iteration in progress counts as started at counter now_counter_ (for block counts).
  std::uint64_t now_counter_ = 0;

  // Phase::Prefill: the iteration in progress, what it prefills, and its unused token budget.
  std::vector<Chunk> chunks_;
  bool chunks_with_decodes_ = true;  // the iteration in progress also decodes (see counter_)
  Batch batch_;
  std::uint32_t budget_left_ = 0;
  double iter_start_ = 0, iter_end_ = 0;
  // Phase::Decode: the run in progress; after how many of its iterations it stops for joiners or a
  // speed change (kNone: no stop requested); the counter value at which its growth needs a
  // preemption.
  DecodeSegment run_;
  std::uint64_t join_after_ = kNone;
  std::uint64_t shortage_at_ = kNone;

  // Iteration times are multiplied by this (set_slowdown); 1 keeps them bit-identical.
  double slowdown_ = 1.0;

  std::vector<Pending> outbox_;
  Stats stats_;
  double last_now_ = 0;
  double busy_since_ = 0, busy_closed_ = 0;
};

}  // namespace opgsim::gpu
