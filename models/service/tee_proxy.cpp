// The TEE proxy node's service model (see tee_proxy.hpp).
#include "models/service/tee_proxy.hpp"

#include <algorithm>

#include "models/common/input_error.hpp"

namespace opgsim::service {

TeeProxy::TeeProxy(const UpstreamConfig& c, Rng rng)
    : ttft_(c.ttft_median_s, c.ttft_p90_s),
      tokens_per_s_(c.tokens_per_s_median, c.tokens_per_s_p90),
      limiter_(c.rate_limit_rps, c.rate_limit_burst),
      concurrency_(c.concurrency),
      rng_(rng) {
  if (concurrency_ < 1) throw InputError("tee_proxy: concurrency must be >= 1");
}

// Earliest first; at one time Started, then FirstToken, then Done; then admission order.
bool TeeProxy::later(const Pending& a, const Pending& b) {
  if (a.event.time != b.event.time) return a.event.time > b.event.time;
  if (a.event.kind != b.event.kind) return a.event.kind > b.event.kind;
  return a.seq > b.seq;
}

bool TeeProxy::can_admit(const Job&) const { return in_flight_ < concurrency_; }

void TeeProxy::account(double now) {
  if (now > last_t_) {
    busy_ += (now - last_t_) * in_flight_ / concurrency_;
    last_t_ = now;
  }
}

void TeeProxy::admit(const Job& job, double now) {
  account(now);
  ++in_flight_;
  const double leave = limiter_.reserve(now);
  const double first = leave + ttft_.draw(rng_) * slowdown_;
  // The first token comes with the TTFT; the other output tokens stream at the drawn rate.
  const double rest = job.output_tokens > 1 ? (job.output_tokens - 1) / tokens_per_s_.draw(rng_) * slowdown_ : 0.0;
  for (const ServiceEvent e : {ServiceEvent{ServiceEvent::Kind::Started, job.id, leave},
                               ServiceEvent{ServiceEvent::Kind::FirstToken, job.id, first},
                               ServiceEvent{ServiceEvent::Kind::Done, job.id, first + rest}}) {
    heap_.push_back({e, next_seq_++});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
}

double TeeProxy::next_event_time() const { return heap_.empty() ? kNever : heap_.front().event.time; }

void TeeProxy::advance(double now, std::vector<ServiceEvent>& out) {
  while (!heap_.empty() && heap_.front().event.time <= now) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const ServiceEvent e = heap_.back().event;
    heap_.pop_back();
    if (e.kind == ServiceEvent::Kind::Done) {
      account(e.time);
      --in_flight_;
    }
    out.push_back(e);
  }
  account(now);
}

double TeeProxy::busy_integral(double now) const {
  return busy_ + (now > last_t_ ? (now - last_t_) * in_flight_ / concurrency_ : 0.0);
}

void TeeProxy::abort_all(std::vector<std::uint32_t>& ids) {
  // Every call in flight has exactly one Done left.
  for (const Pending& p : heap_)
    if (p.event.kind == ServiceEvent::Kind::Done) ids.push_back(p.event.id);
  heap_.clear();
  in_flight_ = 0;
}

void TeeProxy::set_slowdown(double factor, double) {
  check_slowdown(factor);
  slowdown_ = factor;
}

}  // namespace opgsim::service
