// Continuous batching with closed-form decode runs; see batching_server.hpp for the rules.
#include "models/gpu/batching_server.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/common/input_error.hpp"

namespace opgsim::gpu {

using service::Job;
using service::kNever;
using service::ServiceEvent;

namespace {
bool finishes_later(const std::uint64_t a_at, const std::uint64_t a_order, const std::uint64_t b_at,
                    const std::uint64_t b_order) {
  return a_at != b_at ? a_at > b_at : a_order > b_order;
}
}  // namespace

BatchingServer::BatchingServer(const StepTimeModel& step, const BatchingConfig& cfg) : step_(step), cfg_(cfg) {
  if (cfg.max_batch == 0) throw InputError("max_batch must be at least 1");
  if (cfg.max_batched_tokens == 0) throw InputError("max_batched_tokens must be at least 1");
  if (cfg.kv_block_tokens == 0) throw InputError("kv_block_tokens must be at least 1");
  kv_capacity_tokens_ = step.kv_capacity_tokens(cfg.gpu_memory_utilization);
  blocks_total_ = kv_capacity_tokens_ / cfg.kv_block_tokens;
  if (blocks_total_ == 0)
    throw InputError("the KV cache of " + step.model().id + " on " + step.gpu().id + " holds " +
                     std::to_string(kv_capacity_tokens_) + " tokens, less than one block of " +
                     std::to_string(cfg.kv_block_tokens));
  pool_.resize(cfg.max_batch);
  free_slots_.reserve(cfg.max_batch);
  for (std::uint32_t i = cfg.max_batch; i-- > 0;) free_slots_.push_back(i);
  waiting_.resize(cfg.max_batch);
  finish_heap_.reserve(cfg.max_batch);
  prefilling_.reserve(cfg.max_batch);
  outbox_.reserve(4 * static_cast<std::size_t>(cfg.max_batch));
}

std::uint64_t BatchingServer::blocks_for(const Job& job) const {
  const std::uint64_t tokens = std::uint64_t{job.prompt_tokens} + std::max<std::uint32_t>(job.output_tokens, 1);
  return (tokens + cfg_.kv_block_tokens - 1) / cfg_.kv_block_tokens;
}

bool BatchingServer::can_admit(const Job& job) const {
  return in_service_ < cfg_.max_batch && blocks_for(job) <= blocks_total_ - blocks_used_;
}

std::uint64_t BatchingServer::iterations_completed() const { return counter_; }

double BatchingServer::decode_context() const {
  return static_cast<double>(context_base_ + static_cast<std::int64_t>(running_) * static_cast<std::int64_t>(counter_));
}

void BatchingServer::emit(ServiceEvent::Kind kind, const Seq& s, double t) {
  outbox_.push_back(Pending{ServiceEvent{kind, s.id, t}, s.order});
}

double BatchingServer::boundary_time() const {
  switch (phase_) {
    case Phase::Idle: return kNever;
    case Phase::Prefill: return iter_end_;
    case Phase::Decode: {
      // running_ >= 1 here, so the heap is not empty; its top finishes after at least one more
      // iteration (anything finishing at counter_ was Done at the boundary that started the run).
      const std::uint64_t n = std::min(finish_heap_.front().at - counter_, join_after_);
      return run_.time_at(n);
    }
  }
  return kNever;
}

void BatchingServer::process_until(double now) {
  while (boundary_time() <= now) process_boundary();
}

void BatchingServer::process_boundary() {
  const double t = boundary_time();
  ++stats_.boundaries;
  if (phase_ == Phase::Prefill) {
    ++counter_;
    for (const std::uint32_t slot : prefilling_) {
      Seq& s = pool_[slot];
      s.joined = counter_;
      emit(ServiceEvent::Kind::FirstToken, s, t);
      ++running_;
      context_base_ += static_cast<std::int64_t>(s.prompt) + 1 - static_cast<std::int64_t>(s.joined);
      finish_heap_.push_back(Finish{s.joined + s.output - 1, s.order, slot});
      std::push_heap(finish_heap_.begin(), finish_heap_.end(), [](const Finish& a, const Finish& b) {
        return finishes_later(a.at, a.order, b.at, b.order);
      });
    }
    prefilling_.clear();
  } else {  // Phase::Decode
    const std::uint64_t n = std::min(finish_heap_.front().at - counter_, join_after_);
    if (run_.crossover() < n) ++stats_.runs_crossed;
    counter_ += n;
  }
  // Completions: every sequence whose last token came out of the iteration that just ended.
  while (!finish_heap_.empty() && finish_heap_.front().at <= counter_) {
    const std::uint32_t slot = finish_heap_.front().slot;
    std::pop_heap(finish_heap_.begin(), finish_heap_.end(), [](const Finish& a, const Finish& b) {
      return finishes_later(a.at, a.order, b.at, b.order);
    });
    finish_heap_.pop_back();
    const Seq& s = pool_[slot];
    emit(ServiceEvent::Kind::Done, s, t);
    --running_;
    context_base_ -= static_cast<std::int64_t>(s.prompt) + 1 - static_cast<std::int64_t>(s.joined);
    blocks_used_ -= s.blocks;
    --in_service_;
    free_slots_.push_back(slot);
  }
  start_iteration(t);
}

void BatchingServer::add_to_prefill(std::uint32_t slot, double t) {
  const Seq& s = pool_[slot];
  prefilling_.push_back(slot);
  // Chunked prefill will add a chunk here with the sequence's prior context instead.
  prefill_batch_.add_prefill(s.prompt);
  emit(ServiceEvent::Kind::Started, s, t);
}

void BatchingServer::start_iteration(double t) {
  if (waiting_size_ > 0) {
    // Joiners: FIFO while their prompts fit the token budget (the first always does).
    prefill_batch_ = Batch{};
    prefill_batch_.add_decode(running_, decode_context());
    while (waiting_size_ > 0) {
      const std::uint32_t slot = waiting_[waiting_head_];
      if (!prefilling_.empty() && prefill_batch_.prefill_tokens + pool_[slot].prompt > cfg_.max_batched_tokens) break;
      waiting_head_ = (waiting_head_ + 1) % cfg_.max_batch;
      --waiting_size_;
      add_to_prefill(slot, t);
    }
    phase_ = Phase::Prefill;
    iter_start_ = t;
    iter_end_ = t + step_.time(prefill_batch_);
  } else if (running_ > 0) {
    phase_ = Phase::Decode;
    join_after_ = kNone;
    ++stats_.decode_runs;
    run_.start(t, step_.decode_lines(running_), running_, decode_context());
  } else {
    phase_ = Phase::Idle;
    busy_closed_ += t - busy_since_;
  }
}

void BatchingServer::admit(const Job& job, double now) {
  process_until(now);
  last_now_ = std::max(last_now_, now);
  if (free_slots_.empty()) throw std::logic_error("BatchingServer::admit without can_admit");
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  Seq& s = pool_[slot];
  s = Seq{job.id, job.prompt_tokens, std::max<std::uint32_t>(job.output_tokens, 1),
          static_cast<std::uint32_t>(blocks_for(job)), next_order_++, 0};
  blocks_used_ += s.blocks;
  ++in_service_;

  const bool queue_empty = waiting_size_ == 0;
  if (phase_ == Phase::Prefill && iter_start_ == now && queue_empty &&
      prefill_batch_.prefill_tokens + s.prompt <= cfg_.max_batched_tokens) {
    // The iteration beginning this instant has not been launched yet: ride along.
    add_to_prefill(slot, now);
    iter_end_ = iter_start_ + step_.time(prefill_batch_);
    return;
  }
  waiting_[(waiting_head_ + waiting_size_) % cfg_.max_batch] = slot;
  ++waiting_size_;
  if (phase_ == Phase::Idle) {
    busy_since_ = now;
    start_iteration(now);
  } else if (phase_ == Phase::Decode && join_after_ == kNone) {
    // Stop the run at the end of the iteration in progress, or right now if one begins now; the
    // boundary may thus be due at once.
    const std::uint64_t n = run_.iterations_started_by(now);
    join_after_ = run_.time_at(n) == now ? n : n + 1;
    process_until(now);
  }
}

double BatchingServer::next_event_time() const {
  // Pending events all happened at or before the last time we were given.
  if (!outbox_.empty()) return outbox_.front().event.time;
  return boundary_time();
}

void BatchingServer::advance(double now, std::vector<ServiceEvent>& out) {
  process_until(now);
  last_now_ = std::max(last_now_, now);
  // Boundaries emit in time order, but a boundary's own events come out Started-late (they are
  // created while processing the boundary) and admissions at the same instant may interleave:
  // order by (time, kind, admission). Insertion sort: linear on nearly sorted input, no allocation.
  const auto before = [](const Pending& a, const Pending& b) {
    if (a.event.time != b.event.time) return a.event.time < b.event.time;
    if (a.event.kind != b.event.kind) return a.event.kind < b.event.kind;
    return a.order < b.order;
  };
  for (std::size_t i = 1; i < outbox_.size(); ++i) {
    const Pending p = outbox_[i];
    std::size_t j = i;
    for (; j > 0 && before(p, outbox_[j - 1]); --j) outbox_[j] = outbox_[j - 1];
    outbox_[j] = p;
  }
  for (const Pending& p : outbox_) out.push_back(p.event);
  outbox_.clear();
}

double BatchingServer::busy_integral(double now) const {
  if (phase_ == Phase::Idle || now <= busy_since_) return busy_closed_;
  return busy_closed_ + (now - busy_since_);
}

void BatchingServer::abort_all(std::vector<std::uint32_t>& ids) {
  // Ids in admission order. Aborting is rare (a node crash), so this may sort in place.
  std::vector<bool> is_free(cfg_.max_batch, false);
  for (const std::uint32_t slot : free_slots_) is_free[slot] = true;
  std::vector<const Seq*> live;
  for (std::uint32_t slot = 0; slot < cfg_.max_batch; ++slot)
    if (!is_free[slot]) live.push_back(&pool_[slot]);
  std::sort(live.begin(), live.end(), [](const Seq* a, const Seq* b) { return a->order < b->order; });
  std::vector<std::uint32_t> aborted;
  for (const Seq* s : live) {
    ids.push_back(s->id);
    aborted.push_back(s->id);
  }
  std::sort(aborted.begin(), aborted.end());

  if (phase_ != Phase::Idle) busy_closed_ += std::max(0.0, last_now_ - busy_since_);
  phase_ = Phase::Idle;
  free_slots_.clear();
  for (std::uint32_t i = cfg_.max_batch; i-- > 0;) free_slots_.push_back(i);
  in_service_ = 0;
  blocks_used_ = 0;
  waiting_head_ = waiting_size_ = 0;
  finish_heap_.clear();
  prefilling_.clear();
  running_ = 0;
  context_base_ = 0;
  join_after_ = kNone;
  // Events of jobs that finished before the crash stay reported; aborted jobs' events are dropped.
  std::erase_if(outbox_, [&](const Pending& p) { return std::binary_search(aborted.begin(), aborted.end(), p.event.id); });
}

}  // namespace opgsim::gpu
