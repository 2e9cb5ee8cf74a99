// Continuous batching with closed-form decode runs: admission, iteration boundaries and events.
// The scheduling of each iteration (preemption, prefill chunks) is in scheduler_iteration.cpp;
// see batching_server.hpp for the rules.
#include "models/gpu/batching_server.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/common/input_error.hpp"

namespace opgsim::gpu {

using service::Job;
using service::kNever;
using service::ServiceEvent;

namespace {
bool finishes_later(const auto& a, const auto& b) { return a.at != b.at ? a.at > b.at : a.order > b.order; }
}  // namespace

BatchingServer::BatchingServer(const StepTimeModel& step, const BatchingConfig& cfg)
    : BatchingServer(step, IterationTimer{step}, cfg) {}

BatchingServer::BatchingServer(const StepTimeModel& step, IterationTimer timer, const BatchingConfig& cfg)
    : step_(step), timer_(std::move(timer)), cfg_(cfg), rules_(make_scheduler(cfg.scheduler).rules()) {
  if (cfg.chunked_prefill && !rules_.allows_chunked_prefill)
    throw InputError("scheduler '" + cfg.scheduler.type + "' has no chunked prefill (use the 'chunked' scheduler)");
  if (cfg.max_batch == 0) throw InputError("max_batch must be at least 1");
  if (cfg.max_batched_tokens == 0) throw InputError("max_batched_tokens must be at least 1");
  if (cfg.kv_block_tokens == 0) throw InputError("kv_block_tokens must be at least 1");
  kv_capacity_tokens_ = step.kv_capacity_tokens(cfg.gpu_memory_utilization);
  blocks_total_ = kv_capacity_tokens_ / cfg.kv_block_tokens;
  if (blocks_total_ == 0)
    throw InputError("the KV cache of " + step.model().id + " on " + step.gpu().id + " holds " +
                     std::to_string(kv_capacity_tokens_) + " tokens, less than one block of " +
                     std::to_string(cfg.kv_block_tokens));
  // vLLM: watermark_blocks = int(0.01 * num_gpu_blocks).
  watermark_ = blocks_total_ / 100;
  decoders_.reset(cfg.kv_block_tokens);
  pool_.resize(cfg.max_batch);
  free_slots_.reserve(cfg.max_batch);
  for (std::uint32_t i = cfg.max_batch; i-- > 0;) free_slots_.push_back(i);
  waiting_.resize(cfg.max_batch);
  preempted_.reserve(cfg.max_batch);
  partial_.reserve(cfg.max_batch);
  finish_heap_.reserve(cfg.max_batch);
  scratch_.reserve(cfg.max_batch);
  chunks_.reserve(cfg.max_batch);
  outbox_.reserve(4 * static_cast<std::size_t>(cfg.max_batch));
}

bool BatchingServer::fits_ever(const Job& job) const {
  // Alone, a job holds at most the blocks of prompt + output - 1 tokens (its last token is never
  // cached), and it must be resumable from any point with the watermark kept free.
  const std::uint64_t most = std::uint64_t{job.prompt_tokens} + std::max<std::uint32_t>(job.output_tokens, 1) - 1;
  return blocks_of(most) + watermark_ <= blocks_total_;
}

std::uint64_t BatchingServer::kv_blocks_used() const { return used_at(now_counter_); }

bool BatchingServer::can_admit(const Job& job) const {
  // Preempted sequences come first: nothing new is admitted while one waits (it waits only when
  // it cannot be resumed, and blocks are freed only at boundaries, which retry it).
  return preempted_.empty() && in_service_ < cfg_.max_batch &&
         kv_blocks_used() + blocks_of(job.prompt_tokens) + watermark_ <= blocks_total_;
}

double BatchingServer::decode_context() const {
  return static_cast<double>(context_base_ + static_cast<std::int64_t>(running_) * static_cast<std::int64_t>(counter_));
}

void BatchingServer::emit(ServiceEvent::Kind kind, const Seq& s, double t) {
  outbox_.push_back(Pending{ServiceEvent{kind, s.id, t}, s.order});
}

void BatchingServer::push_finish(std::uint32_t slot) {
  const Seq& s = pool_[slot];
  finish_heap_.push_back(Finish{counter_ + s.output - s.generated, s.order, slot});
  std::push_heap(finish_heap_.begin(), finish_heap_.end(), [](const Finish& a, const Finish& b) { return finishes_later(a, b); });
}

void BatchingServer::pop_finish() {
  std::pop_heap(finish_heap_.begin(), finish_heap_.end(), [](const Finish& a, const Finish& b) { return finishes_later(a, b); });
  finish_heap_.pop_back();
}

std::uint64_t BatchingServer::run_stop() const {
  // running_ >= 1 in a decode run, so the heap is not empty; its top finishes after at least one
  // more iteration, and the shortage is after counter_ by construction.
  std::uint64_t n = std::min(finish_heap_.front().at - counter_, join_after_);
  if (shortage_at_ != kNone) n = std::min(n, shortage_at_ - counter_);
  return n;
}

double BatchingServer::boundary_time() const {
  switch (phase_) {
    case Phase::Idle: return kNever;
    case Phase::Prefill: return iter_end_;
    case Phase::Decode: return run_.time_at(run_stop());
  }
  return kNever;
}

void BatchingServer::process_until(double now) {
  while (boundary_time() <= now) process_boundary();
}

void BatchingServer::process_boundary() {
  const double t = boundary_time();
  ++stats_.boundaries;
  // 1. Results of the iteration(s) that just ended.
  if (phase_ == Phase::Prefill) {
    ++iterations_;
    if (chunks_with_decodes_) ++counter_;
    for (const Chunk& c : chunks_) {
      Seq& s = pool_[c.slot];
      s.prefilled += c.tokens;
      if (s.prefilled == s.target) finish_prefill(c.slot, t);
    }
    chunks_.clear();
  } else {  // Phase::Decode
    const std::uint64_t n = run_stop();
    if (run_.crossover() < n) ++stats_.runs_crossed;
    if (counter_ + n == shortage_at_) ++stats_.shortage_stops;
    counter_ += n;
    iterations_ += n;
  }
  // 2. Completions: every decoding sequence whose last token came out of the iteration that ended.
  while (!finish_heap_.empty() && finish_heap_.front().at <= counter_) {
    const std::uint32_t slot = finish_heap_.front().slot;
    pop_finish();
    complete(slot, t);
  }
  // 3. Growth: the blocks the running sequences need for the next iteration.
  if (used_at(counter_) > blocks_total_) preempt_for_growth();
  // 4. What the next iteration runs.
  start_iteration(t);
}

void BatchingServer::finish_prefill(std::uint32_t slot, double t) {
  Seq& s = pool_[slot];
  partial_.erase(std::find(partial_.begin(), partial_.end(), slot));
  fixed_blocks_ -= s.blocks;
  s.blocks = 0;
  if (s.generated == 0) emit(ServiceEvent::Kind::FirstToken, s, t);
  ++s.generated;
  if (s.generated >= s.output) {
    emit(ServiceEvent::Kind::Done, s, t);
    s.state = State::Free;
    --in_service_;
    free_slots_.push_back(slot);
    return;
  }
  s.state = State::Decoding;
  s.base = static_cast<std::int64_t>(s.prompt) + s.generated - static_cast<std::int64_t>(counter_);
  decoders_.add(s.base);
  ++running_;
  context_base_ += s.base;
  push_finish(slot);
}

void BatchingServer::complete(std::uint32_t slot, double t) {
  Seq& s = pool_[slot];
  emit(ServiceEvent::Kind::Done, s, t);
  decoders_.remove(s.base);
  --running_;
  context_base_ -= s.base;
  s.state = State::Free;
  --in_service_;
  free_slots_.push_back(slot);
}

void BatchingServer::sync_to(double now) {
  process_until(now);
  last_now_ = std::max(last_now_, now);
  // Block counts are read at the iteration in progress (or beginning) at now.
  now_counter_ = phase_ == Phase::Decode ? counter_ + run_.iterations_started_by(now) : counter_;
}

void BatchingServer::admit(const Job& job, double now) {
  sync_to(now);
  if (free_slots_.empty()) throw std::logic_error("BatchingServer::admit without can_admit");
  const std::uint32_t slot = free_slots_.back();
  free_slots_.pop_back();
  Seq& s = pool_[slot];
  s = Seq{};
  s.id = job.id;
  s.prompt = job.prompt_tokens;
  s.output = std::max<std::uint32_t>(job.output_tokens, 1);
  s.order = next_order_++;
  s.state = State::Joining;
  s.blocks = blocks_of(s.prompt);
  fixed_blocks_ += s.blocks;
  ++in_service_;

  if (phase_ == Phase::Prefill && iter_start_ == now && waiting_size_ == 0 && preempted_.empty() &&
      (rules_.max_prefill_seqs == 0 || chunks_.size() < rules_.max_prefill_seqs)) {
    // The iteration beginning this instant has not been launched yet: ride along if the
    // scheduler would have taken the job (budget left; whole prompts must fit without chunking;
    // room under the scheduler's limit on prefilling sequences).
    const std::uint32_t n = cfg_.chunked_prefill ? std::min(s.prompt, budget_left_) : s.prompt;
    if (cfg_.chunked_prefill ? budget_left_ > 0 : s.prompt <= budget_left_) {
      budget_left_ -= n;
      start_joiner(slot, now);
      add_chunk(slot, n);
      iter_end_ = iter_start_ + iteration_time(batch_);
      return;
    }
  }
  waiting_[(waiting_head_ + waiting_size_) % cfg_.max_batch] = slot;
  ++waiting_size_;
  if (phase_ == Phase::Idle) {
    busy_since_ = now;
    start_iteration(now);
  } else if (phase_ == Phase::Decode && join_after_ == kNone) {
    stop_run_after_iteration_at(now);
  }
}

void BatchingServer::stop_run_after_iteration_at(double now) {
  // Stop the run at the end of the iteration in progress, or right now if one begins now; the
  // boundary may thus be due at once.
  const std::uint64_t n = run_.iterations_started_by(now);
  join_after_ = run_.time_at(n) == now ? n : n + 1;
  sync_to(now);
}

void BatchingServer::set_slowdown(double factor, double now) {
  service::check_slowdown(factor);
  sync_to(now);
  // The same factor again must not add a boundary: runs stay event-for-event identical.
  if (factor == slowdown_) return;
  slowdown_ = factor;
  switch (phase_) {
    case Phase::Idle: break;
    case Phase::Prefill:
      // An iteration beginning this instant has not been launched: it runs at the new speed.
      if (iter_start_ == now) iter_end_ = iter_start_ + iteration_time(batch_);
      break;
    case Phase::Decode:
      // Already stopping at the end of the iteration in progress (a job waits to join): the next
      // boundary plans at the new speed anyway.
      if (join_after_ == kNone) stop_run_after_iteration_at(now);
      break;
  }
}

double BatchingServer::next_event_time() const {
  // Pending events all happened at or before the last time we were given.
  if (!outbox_.empty()) return outbox_.front().event.time;
  return boundary_time();
}

void BatchingServer::advance(double now, std::vector<ServiceEvent>& out) {
  sync_to(now);
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
  // Ids in admission order. Aborting is rare (a node crash), so this may allocate and sort.
  std::vector<const Seq*> live;
  for (const Seq& s : pool_)
    if (s.state != State::Free) live.push_back(&s);
  std::sort(live.begin(), live.end(), [](const Seq* a, const Seq* b) { return a->order < b->order; });
  std::vector<std::uint32_t> aborted;
  for (const Seq* s : live) {
    ids.push_back(s->id);
    aborted.push_back(s->id);
  }
  std::sort(aborted.begin(), aborted.end());

  if (phase_ != Phase::Idle) busy_closed_ += std::max(0.0, last_now_ - busy_since_);
  phase_ = Phase::Idle;
  for (Seq& s : pool_) s.state = State::Free;
  free_slots_.clear();
  for (std::uint32_t i = cfg_.max_batch; i-- > 0;) free_slots_.push_back(i);
  in_service_ = 0;
  fixed_blocks_ = 0;
  decoders_.reset(cfg_.kv_block_tokens);
  waiting_head_ = waiting_size_ = 0;
  preempted_.clear();
  partial_.clear();
  finish_heap_.clear();
  chunks_.clear();
  running_ = 0;
  context_base_ = 0;
  now_counter_ = counter_;
  join_after_ = kNone;
  shortage_at_ = kNone;
  // Events of jobs that finished before the crash stay reported; aborted jobs' events are dropped.
  std::erase_if(outbox_, [&](const Pending& p) { return std::binary_search(aborted.begin(), aborted.end(), p.event.id); });
}

double BatchingServer::token_budget_fill() const {
  std::uint64_t tokens = 0;
  if (phase_ == Phase::Decode) {
    tokens = running_;
  } else if (phase_ == Phase::Prefill) {
    for (const Chunk& c : chunks_) tokens += c.tokens;
    if (chunks_with_decodes_) tokens += running_;
  }
  return std::min(1.0, static_cast<double>(tokens) / cfg_.max_batched_tokens);
}

}  // namespace opgsim::gpu
