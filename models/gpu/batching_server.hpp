// The `gpu` service model: vLLM-style continuous batching on one GPU or tensor-parallel group,
// with iteration times from the roofline in step_time.hpp. Pure: no SimGrid.
//
// Scheduling (first version: no preemption, no chunked prefill):
// - can_admit: fewer than max_batch jobs in service and enough free KV blocks for the job's
//   prompt + output tokens (reserved whole at admission, rounded up to kv_block_tokens), so a
//   running job never runs out of cache.
// - An admitted job joins at the next iteration boundary: at once if the GPU is idle, and also
//   at once if the iteration in progress began exactly now (the scheduler has not launched it
//   yet), otherwise when the iteration in progress ends.
// - An iteration with joining jobs prefills their prompts (up to max_batched_tokens prompt
//   tokens; the first joiner always fits, later ones wait) together with one decode token for
//   every running sequence. Started is at its start, FirstToken at its end. A job with one
//   output token is Done at its FirstToken; output_tokens 0 counts as 1. A prompt longer than
//   max_batched_tokens is still prefilled whole, alone at the head of an iteration (no chunking
//   yet, and refusing it would stall the queue).
// - Context: a decoding sequence with g tokens so far attends to prompt + g tokens, so the batch's
//   total context grows by the batch size every iteration.
// - Other iterations decode one token for every running sequence.
//
// Preemption and chunked prefill (later) slot in at start_iteration(), which chooses what the
// next iteration runs, and add_to_prefill(), which would add a chunk with its prior context.
//
// Cost: between membership changes the batch is fixed and DecodeSegment gives iteration end
// times in closed form; sequences record the global iteration counter at which they got their
// first token, so a completion is known without stepping. Internal events (and the caller's
// wake-ups) are per join and per completion, never per token.
#pragma once

#include <cstdint>
#include <vector>

#include "models/gpu/decode_segment.hpp"
#include "models/gpu/step_time.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::gpu {

struct BatchingConfig {
  std::uint32_t max_batch = 256;             // vLLM max_num_seqs
  std::uint32_t max_batched_tokens = 8192;   // prompt tokens prefilled per iteration
  std::uint32_t kv_block_tokens = 16;
  double gpu_memory_utilization = 0.9;
};

class BatchingServer final : public service::ServiceModel {
public:
  // Throws InputError for zero limits or when the KV cache has no room for even one block.
  BatchingServer(const StepTimeModel& step, const BatchingConfig& cfg);

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

  // Whether the job could ever be admitted (its KV need fits the whole cache): a job that does
  // not would otherwise wait forever.
  bool fits_ever(const service::Job& job) const { return blocks_for(job) <= blocks_total_; }
  bool can_ever_admit(const service::Job& job) const override { return fits_ever(job); }
  std::uint64_t kv_blocks_total() const { return blocks_total_; }
  std::uint64_t kv_blocks_free() const { return blocks_total_ - blocks_used_; }
  std::uint64_t kv_capacity_tokens() const { return kv_capacity_tokens_; }
  std::uint64_t iterations_completed() const;
  // Internal work counters, for tests and diagnostics: the cost of a run is proportional to
  // boundaries, never to iterations.
  struct Stats {
    std::uint64_t boundaries = 0;        // iteration / decode-run ends processed
    std::uint64_t decode_runs = 0;       // closed-form decode runs started
    std::uint64_t runs_crossed = 0;      // runs that went past their compute/memory crossover
  };
  const Stats& stats() const { return stats_; }
  const StepTimeModel& step_model() const { return step_; }

private:
  enum class Phase : std::uint8_t { Idle, Prefill, Decode };
  static constexpr std::uint64_t kNone = UINT64_MAX;

  struct Seq {
    std::uint32_t id = 0;
    std::uint32_t prompt = 0;
    std::uint32_t output = 0;      // >= 1
    std::uint32_t blocks = 0;
    std::uint64_t order = 0;       // admission order: tie-break everywhere
    std::uint64_t joined = 0;      // iteration counter when its first token existed
  };
  struct Finish {                  // min-heap entry: the counter value at which a sequence is Done
    std::uint64_t at;
    std::uint64_t order;
    std::uint32_t slot;
  };
  struct Pending {                 // an event not yet handed out, with its sort key
    service::ServiceEvent event;
    std::uint64_t order;
  };

  std::uint64_t blocks_for(const service::Job& job) const;
  double boundary_time() const;    // end of the current iteration or decode run; kNever if idle
  void process_until(double now);  // every boundary at or before now
  void process_boundary();
  void start_iteration(double t);  // the next iteration after a boundary (or from idle)
  void add_to_prefill(std::uint32_t slot, double t);
  void emit(service::ServiceEvent::Kind kind, const Seq& s, double t);
  double decode_context() const;   // total context of the running sequences at counter_

  StepTimeModel step_;
  BatchingConfig cfg_;
  std::uint64_t kv_capacity_tokens_ = 0;
  std::uint64_t blocks_total_ = 0;
  std::uint64_t blocks_used_ = 0;

  // Jobs in service live in a fixed pool of max_batch slots: no allocation per job.
  std::vector<Seq> pool_;
  std::vector<std::uint32_t> free_slots_;
  std::uint32_t in_service_ = 0;
  std::uint64_t next_order_ = 0;
  // Admitted, waiting for an iteration boundary: a FIFO ring of slots.
  std::vector<std::uint32_t> waiting_;
  std::uint32_t waiting_head_ = 0, waiting_size_ = 0;
  // Sequences with a first token, by the counter value at which they finish.
  std::vector<Finish> finish_heap_;

  Phase phase_ = Phase::Idle;
  // Iteration counter: iterations completed so far (at the last boundary; a decode run's
  // progress is implicit in its start counter and the time).
  std::uint64_t counter_ = 0;
  // The running (decoding) sequences: how many, and sum(prompt + 1 - joined) so that their total
  // context at counter c is context_base_ + running_ * c (each has prompt + tokens so far).
  std::uint32_t running_ = 0;
  std::int64_t context_base_ = 0;

  // Phase::Prefill: the iteration in progress and what it prefills.
  std::vector<std::uint32_t> prefilling_;
  Batch prefill_batch_;
  double iter_start_ = 0, iter_end_ = 0;
  // Phase::Decode: the run in progress, and after how many of its iterations it stops for
  // joiners (kNone when nobody waits).
  DecodeSegment run_;
  std::uint64_t join_after_ = kNone;

  std::vector<Pending> outbox_;
  Stats stats_;
  double last_now_ = 0;
  double busy_since_ = 0, busy_closed_ = 0;
};

}  // namespace opgsim::gpu
