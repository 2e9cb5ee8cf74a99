// A naive token-by-token continuous-batching server for tests: every iteration is an internal
// event and every sequence keeps explicit token and block counts. Same rules as BatchingServer
// (see batching_server.hpp: on-demand KV blocks, LIFO preemption by recompute, optional chunked
// prefill), none of its closed forms; preemption follows vLLM's scheduler loop literally rather
// than the server's prefix rule. Agreement checks the closed forms and that rule. The schedulers
// (cfg.scheduler.type) are written out by name here, not read from the server's rules: vllm_v0
// runs prefill-only iterations in which decoders gain no token, inflight prefills at most
// max_context_requests sequences per iteration.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "models/common/rng.hpp"

#include "models/gpu/batching_server.hpp"
#include "models/gpu/step_time.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::gpu::testing {

class NaiveBatchingServer final : public service::ServiceModel {
public:
  NaiveBatchingServer(const StepTimeModel& step, const BatchingConfig& cfg)
      : NaiveBatchingServer(step, IterationTimer{step}, cfg) {}
  // Iterations timed by `timer` (the measured step-time model), each one on its own.
  NaiveBatchingServer(const StepTimeModel& step, IterationTimer timer, const BatchingConfig& cfg)
      : step_(step), timer_(std::move(timer)), cfg_(cfg), total_(step.kv_capacity_tokens(cfg.gpu_memory_utilization) / cfg.kv_block_tokens),
        watermark_(total_ / 100), prefill_only_(cfg.scheduler.type == "vllm_v0"),
        max_prefills_(cfg.scheduler.type == "inflight"
                          ? static_cast<std::size_t>(cfg.scheduler.params.get("max_context_requests", 1))
                          : 0) {
    if (max_prefills_ == 0) max_prefills_ = SIZE_MAX;
  }

  bool can_admit(const service::Job& j) const override {
    return stack_.empty() && in_service() < cfg_.max_batch && used_ + blocks(j.prompt_tokens) + watermark_ <= total_;
  }
  bool can_ever_admit(const service::Job& j) const override {
    return blocks(std::uint64_t{j.prompt_tokens} + std::max<std::uint32_t>(j.output_tokens, 1) - 1) + watermark_ <= total_;
  }
  void admit(const service::Job& j, double now) override {
    process_until(now);
    S s;
    s.id = j.id;
    s.p = j.prompt_tokens;
    s.o = std::max<std::uint32_t>(j.output_tokens, 1);
    s.order = order_++;
    s.blocks = blocks(s.p);
    used_ += s.blocks;
    if (!busy_) {
      busy_ = true;
      busy_since_ = now;
      joiners_.push_back(s);
      plan(now);
    } else if (start_ == now && !chunks_.empty() && joiners_.empty() && stack_.empty() &&
               chunks_.size() < max_prefills_ && (cfg_.chunked_prefill ? budget_ > 0 : s.p <= budget_)) {
      const std::uint32_t n = cfg_.chunked_prefill ? std::min(s.p, budget_) : s.p;
      budget_ -= n;
      begin(s, s.p, now);
      chunks_.push_back(C{s.order, n});
      end_ = start_ + iteration_seconds(timer_, batch());
    } else if (start_ == now && chunks_.empty()) {
      joiners_.push_back(s);
      plan(now);  // the decode iteration beginning now is replanned (nothing of it has run)
    } else {
      joiners_.push_back(s);
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
    return static_cast<std::uint32_t>(joiners_.size() + running_.size() + stack_.size());
  }
  std::uint32_t slots() const override { return cfg_.max_batch; }
  double busy_integral(double now) const override { return closed_ + (busy_ ? now - busy_since_ : 0.0); }
  void abort_all(std::vector<std::uint32_t>&) override {}
  double occupancy() const override { return total_ ? static_cast<double>(used_) / static_cast<double>(total_) : 0.0; }

  std::uint64_t iterations = 0;
  std::uint64_t preemptions = 0;
  std::uint64_t kv_blocks_used() const { return used_; }
  std::uint64_t kv_blocks_total() const { return total_; }
  // The largest blocks in use seen at any iteration start.
  std::uint64_t max_used = 0;

private:
  struct S {
    std::uint32_t id = 0, p = 0, o = 0;
    std::uint32_t g = 0;          // output tokens so far
    std::uint32_t target = 0;     // tokens the current prefill computes; 0 once decoding
    std::uint32_t done = 0;       // of target, prefilled so far
    std::uint64_t order = 0;
    std::uint64_t blocks = 0;
    bool decoding = false;
    bool started = false;
  };
  struct C {  // a prefill chunk of the iteration in progress, by the sequence's admission order
    std::uint64_t order;
    std::uint32_t n;
  };
  struct P {
    service::ServiceEvent e;
    std::uint64_t order;
  };
  std::uint64_t blocks(std::uint64_t tokens) const { return (tokens + cfg_.kv_block_tokens - 1) / cfg_.kv_block_tokens; }
  void emit(service::ServiceEvent::Kind k, const S& s, double t) { out_.push_back(P{{k, s.id, t}, s.order}); }
  S& find(std::uint64_t order) {
    return *std::find_if(running_.begin(), running_.end(), [&](const S& s) { return s.order == order; });
  }
  Batch batch() {
    Batch b;
    double ctx = 0, d = 0;
    for (const S& s : running_)
      if (s.decoding) {
        ctx += s.p + s.g;
        ++d;
      }
    if (decodes_) b.add_decode(d, ctx);
    for (const C& c : chunks_) b.add_prefill(c.n, find(c.order).done);
    return b;
  }
  // s (re)enters the batch at its tail with `target` tokens to prefill.
  void begin(S s, std::uint32_t target, double t) {
    s.target = target;
    s.done = 0;
    s.decoding = false;
    if (!s.started) {
      s.started = true;
      emit(service::ServiceEvent::Kind::Started, s, t);
    }
    running_.push_back(s);
  }
  bool resume_top(double t) {
    S s = stack_.back();
    const std::uint64_t need = blocks(std::uint64_t{s.p} + s.g);
    if (total_ - used_ < need || total_ - used_ - need < watermark_) return false;
    stack_.pop_back();
    s.blocks = need;
    used_ += need;
    begin(s, s.p + s.g, t);
    return true;
  }
  void plan(double t) {
    start_ = t;
    chunks_.clear();
    std::uint32_t d = 0;
    for (const S& s : running_) d += s.decoding ? 1 : 0;
    const std::uint32_t m = cfg_.max_batched_tokens;
    if (cfg_.chunked_prefill) {
      std::uint32_t budget = m > d ? m - d : 0;
      const std::size_t before = running_.size();
      for (std::size_t i = 0; i < before && budget > 0 && chunks_.size() < max_prefills_; ++i) {
        const S& s = running_[i];
        if (s.decoding) continue;
        const std::uint32_t n = std::min(s.target - s.done, budget);
        chunks_.push_back(C{s.order, n});
        budget -= n;
      }
      while (budget > 0 && chunks_.size() < max_prefills_ && !stack_.empty() && resume_top(t)) {
        const std::uint32_t n = std::min(running_.back().target, budget);
        chunks_.push_back(C{running_.back().order, n});
        budget -= n;
      }
      while (budget > 0 && chunks_.size() < max_prefills_ && !joiners_.empty()) {
        begin(joiners_.front(), joiners_.front().p, t);
        joiners_.pop_front();
        const std::uint32_t n = std::min(running_.back().target, budget);
        chunks_.push_back(C{running_.back().order, n});
        budget -= n;
      }
      budget_ = budget;
    } else {
      std::uint64_t tokens = 0;
      bool over = false;
      while (chunks_.size() < max_prefills_ && !stack_.empty()) {
        if (!chunks_.empty() && tokens + stack_.back().p + stack_.back().g > m) {
          over = true;
          break;
        }
        if (!resume_top(t)) break;
        chunks_.push_back(C{running_.back().order, running_.back().target});
        tokens += running_.back().target;
      }
      while (!over && chunks_.size() < max_prefills_ && !joiners_.empty() && (chunks_.empty() || tokens + joiners_.front().p <= m)) {
        begin(joiners_.front(), joiners_.front().p, t);
        joiners_.pop_front();
        chunks_.push_back(C{running_.back().order, running_.back().target});
        tokens += running_.back().target;
      }
      budget_ = tokens < m ? static_cast<std::uint32_t>(m - tokens) : 0;
    }
    decodes_ = !prefill_only_ || chunks_.empty();
    if (running_.empty()) {
      busy_ = false;
      closed_ += t - busy_since_;
      return;
    }
    max_used = std::max(max_used, used_);
    end_ = t + iteration_seconds(timer_, batch());
  }
  void process_until(double now) {
    while (busy_ && end_ <= now) {
      const double t = end_;
      ++iterations;
      // Results: chunks first (they need the sequences' pre-iteration state), then decodes.
      std::vector<std::uint64_t> finished_prefill;
      for (const C& c : chunks_) {
        S& s = find(c.order);
        s.done += c.n;
        if (s.done == s.target) finished_prefill.push_back(s.order);
      }
      for (S& s : running_)
        if (s.decoding && decodes_) ++s.g;
      for (const std::uint64_t o : finished_prefill) {
        S& s = find(o);
        if (s.g == 0) emit(service::ServiceEvent::Kind::FirstToken, s, t);
        ++s.g;
        s.decoding = true;
        s.target = s.done = 0;
      }
      chunks_.clear();
      // Completions.
      std::vector<S> keep;
      for (const S& s : running_) {
        if (s.decoding && s.g == s.o) {
          emit(service::ServiceEvent::Kind::Done, s, t);
          used_ -= s.blocks;
        } else {
          keep.push_back(s);
        }
      }
      running_ = keep;
      // Growth, as vLLM's scheduler loop: serve oldest first, preempt the newest while short.
      std::vector<S> served;
      while (!running_.empty()) {
        S s = running_.front();
        running_.erase(running_.begin());
        const std::uint64_t need = s.decoding ? blocks(std::uint64_t{s.p} + s.g) : s.blocks;
        bool self_preempted = false;
        while (total_ - used_ < need - s.blocks) {
          if (running_.empty()) {
            preempt(s);
            self_preempted = true;
            break;
          }
          preempt(running_.back());
          running_.pop_back();
        }
        if (self_preempted) break;
        used_ += need - s.blocks;
        s.blocks = need;
        served.push_back(s);
      }
      running_ = served;
      plan(t);
    }
  }
  void preempt(S s) {
    used_ -= s.blocks;
    s.blocks = 0;
    s.decoding = false;
    s.target = s.done = 0;
    stack_.push_back(s);
    ++preemptions;
  }

  StepTimeModel step_;
  IterationTimer timer_;
  BatchingConfig cfg_;
  std::uint64_t total_, watermark_, used_ = 0, order_ = 0;
  std::deque<S> joiners_;
  std::vector<S> running_;  // batch order: prefilling and decoding
  std::vector<S> stack_;    // preempted; back resumed first
  std::vector<C> chunks_;
  std::uint32_t budget_ = 0;
  bool prefill_only_;         // vllm_v0: an iteration with prefill work pauses decoding
  std::size_t max_prefills_;  // sequences prefilling per iteration (inflight); SIZE_MAX: no limit
  bool decodes_ = true;       // the iteration in progress gives the decoding sequences a token
  bool busy_ = false;
  double start_ = 0, end_ = 0, busy_since_ = 0, closed_ = 0;
  std::vector<P> out_;
};

// The node actor's loop without SimGrid, shared by the gpu tests: FIFO queue, admit while
// possible, sleep until the next arrival or model event; on_wake(now) runs after each wake-up.
struct Arrival {
  double t;
  service::Job job;
};

struct RunStats {
  std::uint64_t loops = 0;  // wake-ups: one next_event_time() and one advance() each
  std::uint64_t admitted = 0;
  std::uint64_t blocked = 0;  // wake-ups that left the queue head waiting for room
};

inline std::vector<service::ServiceEvent> run(service::ServiceModel& m, const std::vector<Arrival>& arrivals,
                                              RunStats* stats = nullptr,
                                              const std::function<void(double)>& on_wake = {}) {
  std::vector<service::ServiceEvent> events;
  std::deque<service::Job> queue;
  std::size_t next = 0;
  RunStats local;
  RunStats& st = stats ? *stats : local;
  while (true) {
    const double te = m.next_event_time();
    const double ta = next < arrivals.size() ? arrivals[next].t : service::kNever;
    if (te == service::kNever && ta == service::kNever) break;
    const double now = std::min(te, ta);
    ++st.loops;
    m.advance(now, events);
    while (next < arrivals.size() && arrivals[next].t <= now) queue.push_back(arrivals[next++].job);
    while (!queue.empty() && m.can_admit(queue.front())) {
      m.admit(queue.front(), now);
      queue.pop_front();
      ++st.admitted;
    }
    if (!queue.empty()) ++st.blocked;
    if (on_wake) on_wake(now);
  }
  return events;
}

inline std::vector<Arrival> poisson_arrivals(std::uint64_t seed, int n, double rate, std::uint32_t max_prompt,
                                             std::uint32_t max_output) {
  Rng rng = Rng::stream(seed, "test.arrivals");
  std::vector<Arrival> a;
  double t = 0;
  for (int i = 0; i < n; ++i) {
    t += rng.exponential_mean(1.0 / rate);
    const auto p = static_cast<std::uint32_t>(1 + rng.below(max_prompt));
    const auto o = static_cast<std::uint32_t>(1 + rng.below(max_output));
    a.push_back(Arrival{t, service::Job{static_cast<std::uint32_t>(i), p, o}});
  }
  return a;
}

// Identical ids, kinds and order; times within 1e-9 relative.
inline void check_same_events(const std::vector<service::ServiceEvent>& fast, const std::vector<service::ServiceEvent>& slow) {
  REQUIRE(fast.size() == slow.size());
  double worst = 0;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    REQUIRE(fast[i].id == slow[i].id);
    REQUIRE(fast[i].kind == slow[i].kind);
    worst = std::max(worst, std::abs(fast[i].time - slow[i].time) / std::max(1.0, std::abs(slow[i].time)));
  }
  CHECK(worst < 1e-9);
}

// Every job has exactly one Started, one FirstToken and one Done, in that order in time.
inline void check_lifecycles(const std::vector<service::ServiceEvent>& ev, std::size_t jobs) {
  struct L {
    int started = 0, first = 0, done = 0;
    double ts = 0, tf = 0, td = 0;
  };
  std::map<std::uint32_t, L> by_id;
  for (const auto& e : ev) {
    L& l = by_id[e.id];
    switch (e.kind) {
      case service::ServiceEvent::Kind::Started: ++l.started, l.ts = e.time; break;
      case service::ServiceEvent::Kind::FirstToken: ++l.first, l.tf = e.time; break;
      case service::ServiceEvent::Kind::Done: ++l.done, l.td = e.time; break;
    }
  }
  CHECK(by_id.size() == jobs);
  for (const auto& [id, l] : by_id) {
    CAPTURE(id);
    CHECK((l.started == 1 && l.first == 1 && l.done == 1));
    CHECK((l.ts <= l.tf && l.tf <= l.td));
  }
}

}  // namespace opgsim::gpu::testing
