// A naive token-by-token continuous-batching server for tests: every iteration is an internal
// event and every sequence keeps an explicit token count. Same rules as BatchingServer (see
// batching_server.hpp), none of its closed forms, so agreement checks the closed forms.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <vector>

#include "models/gpu/batching_server.hpp"
#include "models/gpu/step_time.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::gpu::testing {

class NaiveBatchingServer final : public service::ServiceModel {
public:
  NaiveBatchingServer(const StepTimeModel& step, const BatchingConfig& cfg)
      : step_(step), cfg_(cfg), blocks_total_(step.kv_capacity_tokens(cfg.gpu_memory_utilization) / cfg.kv_block_tokens) {}

  bool can_admit(const service::Job& j) const override {
    return in_service() < cfg_.max_batch && blocks(j) <= blocks_total_ - used_;
  }
  void admit(const service::Job& j, double now) override {
    process_until(now);
    S s{j.id, j.prompt_tokens, std::max<std::uint32_t>(j.output_tokens, 1), 0, order_++, blocks(j)};
    used_ += s.blocks;
    if (!busy_) {
      busy_ = true;
      busy_since_ = now;
      waiting_.push_back(s);
      start_next(now);
    } else if (start_ == now && prefill_ && waiting_.empty() && prefill_tokens() + s.p <= cfg_.max_batched_tokens) {
      prefilling_.push_back(s);
      emit(service::ServiceEvent::Kind::Started, s, now);
      end_ = start_ + step_.time(batch());
    } else if (start_ == now && !prefill_) {
      waiting_.push_back(s);
      start_next(now);  // the decode iteration beginning now becomes a prefill iteration
    } else {
      waiting_.push_back(s);
    }
  }
  double next_event_time() const override {
    if (!out_.empty()) return out_.front().e.time;
    return busy_ ? end_ : service::kNever;
  }
  void advance(double now, std::vector<service::ServiceEvent>& out) override {
    process_until(now);
    std::stable_sort(out_.begin(), out_.end(), [](const P& a, const P& b) {
      if (a.e.time != b.e.time) return a.e.time < b.e.time;
      if (a.e.kind != b.e.kind) return a.e.kind < b.e.kind;
      return a.order < b.order;
    });
    for (const P& p : out_) out.push_back(p.e);
    out_.clear();
  }
  std::uint32_t in_service() const override {
    return static_cast<std::uint32_t>(waiting_.size() + prefilling_.size() + running_.size());
  }
  std::uint32_t slots() const override { return cfg_.max_batch; }
  double busy_integral(double now) const override { return closed_ + (busy_ ? now - busy_since_ : 0.0); }
  void abort_all(std::vector<std::uint32_t>&) override {}
  std::uint64_t iterations = 0;

private:
  struct S {
    std::uint32_t id, p, o, g;
    std::uint64_t order;
    std::uint64_t blocks;
  };
  struct P {
    service::ServiceEvent e;
    std::uint64_t order;
  };
  std::uint64_t blocks(const service::Job& j) const {
    return (std::uint64_t{j.prompt_tokens} + std::max<std::uint32_t>(j.output_tokens, 1) + cfg_.kv_block_tokens - 1) /
           cfg_.kv_block_tokens;
  }
  void emit(service::ServiceEvent::Kind k, const S& s, double t) { out_.push_back(P{{k, s.id, t}, s.order}); }
  double prefill_tokens() const {
    double n = 0;
    for (const S& s : prefilling_) n += s.p;
    return n;
  }
  Batch batch() const {
    Batch b;
    double ctx = 0;
    for (const S& s : running_) ctx += s.p + s.g;
    b.add_decode(static_cast<double>(running_.size()), ctx);
    for (const S& s : prefilling_) b.add_prefill(s.p);
    return b;
  }
  void start_next(double t) {
    start_ = t;
    prefill_ = !waiting_.empty();
    while (!waiting_.empty() &&
           (prefilling_.empty() || prefill_tokens() + waiting_.front().p <= cfg_.max_batched_tokens)) {
      prefilling_.push_back(waiting_.front());
      waiting_.pop_front();
      emit(service::ServiceEvent::Kind::Started, prefilling_.back(), t);
    }
    if (prefilling_.empty() && running_.empty()) {
      busy_ = false;
      closed_ += t - busy_since_;
      return;
    }
    end_ = t + step_.time(batch());
  }
  void process_until(double now) {
    while (busy_ && end_ <= now) {
      const double t = end_;
      ++iterations;
      for (S& s : running_) ++s.g;
      for (S& s : prefilling_) {
        s.g = 1;
        emit(service::ServiceEvent::Kind::FirstToken, s, t);
        running_.push_back(s);
      }
      prefilling_.clear();
      std::vector<S> keep;
      for (const S& s : running_) {
        if (s.g == s.o) {
          emit(service::ServiceEvent::Kind::Done, s, t);
          used_ -= s.blocks;
        } else {
          keep.push_back(s);
        }
      }
      running_ = keep;
      start_next(t);
    }
  }

  StepTimeModel step_;
  BatchingConfig cfg_;
  std::uint64_t blocks_total_, used_ = 0, order_ = 0;
  std::deque<S> waiting_;
  std::vector<S> prefilling_, running_;
  bool busy_ = false, prefill_ = false;
  double start_ = 0, end_ = 0, busy_since_ = 0, closed_ = 0;
  std::vector<P> out_;
};

}  // namespace opgsim::gpu::testing
