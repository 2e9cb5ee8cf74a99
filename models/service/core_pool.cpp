// The FIFO multi-server queue of verifier and data nodes: a min-heap of running jobs' end times
// and a ring of waiting jobs; see core_pool.hpp.
#include "models/service/core_pool.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "models/common/input_error.hpp"

namespace opgsim::service {

CorePool::CorePool(std::uint32_t servers) : servers_(servers) {
  if (servers == 0) throw InputError("a core pool needs at least 1 server");
  heap_.reserve(servers);
  done_.reserve(servers);
  ring_.resize(std::max<std::size_t>(16, servers));
}

void CorePool::push_waiting(const Waiting& w) {
  if (wait_size_ == ring_.size()) {
    // Grow by doubling, unrolling the ring so that the head is at 0.
    std::vector<Waiting> bigger(2 * ring_.size());
    for (std::size_t i = 0; i < wait_size_; ++i) bigger[i] = ring_[(wait_head_ + i) % ring_.size()];
    ring_.swap(bigger);
    wait_head_ = 0;
  }
  ring_[(wait_head_ + wait_size_) % ring_.size()] = w;
  ++wait_size_;
  queued_work_s_ += w.work_s;
}

CorePool::Waiting CorePool::pop_waiting() {
  const Waiting w = ring_[wait_head_];
  wait_head_ = (wait_head_ + 1) % ring_.size();
  --wait_size_;
  // A running sum drifts by rounding as jobs pass; an empty queue resets it to exactly 0.
  queued_work_s_ = wait_size_ == 0 ? 0.0 : queued_work_s_ - w.work_s;
  return w;
}

void CorePool::account(double t) {
  if (t > last_t_) {
    busy_server_seconds_ += static_cast<double>(heap_.size()) * (t - last_t_);
    last_t_ = t;
  }
}

void CorePool::start(std::uint32_t id, double work_s, double t) {
  heap_.push_back(Running{t + work_s * slowdown_, next_seq_++, id});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

void CorePool::complete_due(double now) {
  // In (end, start order): a successor starts at its predecessor's end, so it never ends before
  // anything already popped and the cascade stays in time order.
  while (!heap_.empty() && heap_.front().end <= now) {
    const Running r = heap_.front();
    account(r.end);
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
    if (done_.empty()) done_first_t_ = r.end;
    done_.push_back(r.id);
    if (wait_size_ > 0) {
      const Waiting w = pop_waiting();
      start(w.id, w.work_s, r.end);
    }
  }
  account(now);
}

void CorePool::submit(std::uint32_t id, double work_s, double now) {
  if (!(work_s >= 0) || !std::isfinite(work_s)) throw std::invalid_argument("CorePool::submit: work_s must be a finite number >= 0");
  complete_due(now);
  if (heap_.size() < servers_)
    start(id, work_s, now);
  else
    push_waiting(Waiting{id, work_s});
}

double CorePool::next_event_time() const {
  if (!done_.empty()) return done_first_t_;
  return heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.front().end;
}

void CorePool::advance(double now, std::vector<std::uint32_t>& done) {
  complete_due(now);
  done.insert(done.end(), done_.begin(), done_.end());
  done_.clear();
}

void CorePool::abort_all(std::vector<std::uint32_t>& ids) {
  // Rare (a node crash): sorting the heap in place is fine, it is cleared anyway.
  std::sort(heap_.begin(), heap_.end(), [](const Running& a, const Running& b) { return a.seq < b.seq; });
  for (const Running& r : heap_) ids.push_back(r.id);
  heap_.clear();
  while (wait_size_ > 0) ids.push_back(pop_waiting().id);
  wait_head_ = 0;
}

void CorePool::set_speed_factor(double slowdown, double now) {
  if (!(slowdown >= 1) || !std::isfinite(slowdown))
    throw std::invalid_argument("CorePool::set_speed_factor: slowdown must be a finite number >= 1");
  complete_due(now);
  slowdown_ = slowdown;
}

double CorePool::busy_integral(double now) const {
  const double tail = now > last_t_ ? static_cast<double>(heap_.size()) * (now - last_t_) : 0.0;
  return busy_server_seconds_ + tail;
}

}  // namespace opgsim::service
