// The batching server's scheduler at an iteration boundary: preemption when the running
// sequences outgrow the KV cache, and the choice of what the next iteration runs (decode tokens,
// prefill chunks, resumptions, joins). See batching_server.hpp for the rules.
#include <algorithm>
#include <cstdint>

#include "models/gpu/batching_server.hpp"

namespace opgsim::gpu {

void BatchingServer::preempt_for_growth() {
  // vLLM serves the running sequences oldest first and preempts from the newest end until the
  // one being served fits: the longest prefix (in batch order) whose needs fit stays. Rare (once
  // per preemption boundary), so O(batch log batch) here is fine.
  scratch_.clear();
  std::uint64_t partial_blocks = 0;
  for (const std::uint32_t slot : partial_) {
    scratch_.push_back(slot);
    partial_blocks += pool_[slot].blocks;
  }
  for (const Finish& f : finish_heap_) scratch_.push_back(f.slot);
  std::sort(scratch_.begin(), scratch_.end(),
            [&](std::uint32_t a, std::uint32_t b) { return pool_[a].batch_order < pool_[b].batch_order; });
  // Jobs waiting to join keep their blocks: they are not running yet.
  const std::uint64_t avail = blocks_total_ - (fixed_blocks_ - partial_blocks);
  std::size_t keep = 0;
  std::uint64_t sum = 0;
  for (; keep < scratch_.size(); ++keep) {
    const Seq& s = pool_[scratch_[keep]];
    const std::uint64_t need = s.state == State::Decoding
                                   ? blocks_of(static_cast<std::uint64_t>(s.base + static_cast<std::int64_t>(counter_)))
                                   : s.blocks;
    if (sum + need > avail) break;
    sum += need;
  }
  // Newest first onto the stack, so the oldest preempted one ends on top (vLLM prepends each
  // victim to its waiting queue).
  for (std::size_t j = scratch_.size(); j-- > keep;) preempt(scratch_[j]);
  std::erase_if(finish_heap_, [&](const Finish& f) { return pool_[f.slot].state != State::Decoding; });
  std::make_heap(finish_heap_.begin(), finish_heap_.end(), [](const Finish& a, const Finish& b) {
    return a.at != b.at ? a.at > b.at : a.order > b.order;
  });
}

void BatchingServer::preempt(std::uint32_t slot) {
  Seq& s = pool_[slot];
  if (s.state == State::Decoding) {
    s.generated = static_cast<std::uint32_t>(s.base + static_cast<std::int64_t>(counter_) - s.prompt);
    decoders_.remove(s.base);
    --running_;
    context_base_ -= s.base;
  } else {  // part-prefilled (chunked prefill): its chunks are lost
    fixed_blocks_ -= s.blocks;
    s.blocks = 0;
    partial_.erase(std::find(partial_.begin(), partial_.end(), slot));
  }
  s.state = State::Preempted;
  s.prefilled = 0;
  preempted_.push_back(slot);
  ++stats_.preemptions;
}

bool BatchingServer::try_resume() {
  const std::uint32_t slot = preempted_.back();
  Seq& s = pool_[slot];
  const std::uint64_t need = blocks_of(std::uint64_t{s.prompt} + s.generated);
  if (used_at(counter_) + need + watermark_ > blocks_total_) return false;
  preempted_.pop_back();
  s.state = State::Prefilling;
  s.blocks = need;
  fixed_blocks_ += need;
  s.target = s.prompt + s.generated;  // recompute: the prompt and every token so far
  s.prefilled = 0;
  s.batch_order = next_batch_order_++;
  partial_.push_back(slot);
  return true;
}

void BatchingServer::start_joiner(std::uint32_t slot, double t) {
  Seq& s = pool_[slot];
  s.state = State::Prefilling;
  s.target = s.prompt;
  s.prefilled = 0;
  s.batch_order = next_batch_order_++;
  partial_.push_back(slot);
  if (!s.started) {
    s.started = true;
    emit(service::ServiceEvent::Kind::Started, s, t);
  }
}

void BatchingServer::add_chunk(std::uint32_t slot, std::uint32_t tokens) {
  chunks_.push_back(Chunk{slot, tokens});
  // A chunk attends to its own tokens causally and to the earlier chunks' KV.
  batch_.add_prefill(tokens, pool_[slot].prefilled);
}

void BatchingServer::start_iteration(double t) {
  chunks_.clear();
  batch_ = Batch{};
  const std::uint32_t max_tokens = cfg_.max_batched_tokens;
  // The scheduler's limit on sequences prefilling in one iteration (chunks_ has one per sequence).
  const std::size_t limit = rules_.max_prefill_seqs ? rules_.max_prefill_seqs : SIZE_MAX;
  if (cfg_.chunked_prefill) {
    // Decode tokens first, then prefill chunks within what is left of the budget.
    std::uint32_t budget = max_tokens > running_ ? max_tokens - running_ : 0;
    const std::size_t partial_before = partial_.size();
    for (std::size_t i = 0; i < partial_before && budget > 0 && chunks_.size() < limit; ++i) {
      const Seq& s = pool_[partial_[i]];
      const std::uint32_t n = std::min(s.target - s.prefilled, budget);
      add_chunk(partial_[i], n);
      budget -= n;
    }
    while (budget > 0 && chunks_.size() < limit && !preempted_.empty() && try_resume()) {
      const std::uint32_t slot = partial_.back();
      const std::uint32_t n = std::min(pool_[slot].target, budget);
      add_chunk(slot, n);
      budget -= n;
    }
    while (budget > 0 && chunks_.size() < limit && waiting_size_ > 0) {
      const std::uint32_t slot = waiting_[waiting_head_];
      waiting_head_ = (waiting_head_ + 1) % cfg_.max_batch;
      --waiting_size_;
      start_joiner(slot, t);
      const std::uint32_t n = std::min(pool_[slot].prompt, budget);
      add_chunk(slot, n);
      budget -= n;
    }
    budget_left_ = budget;
  } else {
    // Whole prefills, FIFO within the budget; the first always fits. A preempted sequence that
    // lacks blocks does not hold back jobs that already have theirs.
    std::uint64_t tokens = 0;
    bool over_budget = false;
    while (chunks_.size() < limit && !preempted_.empty()) {
      const Seq& s = pool_[preempted_.back()];
      if (!chunks_.empty() && tokens + s.prompt + s.generated > max_tokens) {
        over_budget = true;
        break;
      }
      if (!try_resume()) break;
      const std::uint32_t slot = partial_.back();
      add_chunk(slot, pool_[slot].target);
      tokens += pool_[slot].target;
    }
    while (!over_budget && chunks_.size() < limit && waiting_size_ > 0) {
      const std::uint32_t slot = waiting_[waiting_head_];
      if (!chunks_.empty() && tokens + pool_[slot].prompt > max_tokens) break;
      waiting_head_ = (waiting_head_ + 1) % cfg_.max_batch;
      --waiting_size_;
      start_joiner(slot, t);
      add_chunk(slot, pool_[slot].prompt);
      tokens += pool_[slot].prompt;
    }
    budget_left_ = tokens < max_tokens ? static_cast<std::uint32_t>(max_tokens - tokens) : 0;
  }

  if (!chunks_.empty()) {
    phase_ = Phase::Prefill;
    // Prefill-only iterations (vllm_v0) pause decoding: the decoders are not in the batch and the
    // decode-step counter does not move when it ends.
    chunks_with_decodes_ = rules_.decode_with_prefill;
    if (chunks_with_decodes_) batch_.add_decode(running_, decode_context());
    iter_start_ = t;
    iter_end_ = t + iteration_time(batch_);
  } else if (running_ > 0) {
    start_decode_run(t);
  } else {
    phase_ = Phase::Idle;
    busy_closed_ += t - busy_since_;
  }
}

void BatchingServer::start_decode_run(double t) {
  phase_ = Phase::Decode;
  join_after_ = kNone;
  ++stats_.decode_runs;
  // A slow node scales every term of both lines, hence every iteration, by the same factor.
  DecodeLines lines = iteration_decode_lines(timer_, running_);
  lines.fixed_s *= slowdown_;
  lines.compute_base_s *= slowdown_;
  lines.compute_per_ctx_s *= slowdown_;
  lines.memory_base_s *= slowdown_;
  lines.memory_per_ctx_s *= slowdown_;
  run_.start(t, lines, running_, decode_context());
  // The fixed batch grows by one token per sequence per iteration: the first counter value at
  // which its blocks exceed what the others leave is where a preemption is due.
  shortage_at_ = decoders_.first_above(counter_, blocks_total_ - fixed_blocks_);
}

}  // namespace opgsim::gpu
