// Plain-distribution service models: a min-heap of completion times over `concurrency` servers.
#include "models/service/slot_server.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/common/input_error.hpp"

namespace opgsim::service {

SlotServer::SlotServer(Distribution dist, double mean_s, double cv, std::uint32_t concurrency, Rng rng)
    : dist_(dist), mean_s_(mean_s), concurrency_(concurrency), rng_(rng) {
  if (!(mean_s > 0) || !std::isfinite(mean_s)) throw InputError("service mean_s must be a positive number");
  if (concurrency == 0) throw InputError("service concurrency must be at least 1");
  if (dist == Distribution::Lognormal) {
    if (!(cv >= 0) || !std::isfinite(cv)) throw InputError("service cv must be a number >= 0");
    // Moment matching: E = exp(mu + sigma^2 / 2), CV^2 = exp(sigma^2) - 1.
    const double s2 = std::log1p(cv * cv);
    sigma_ = std::sqrt(s2);
    mu_ = std::log(mean_s) - s2 / 2;
  }
  // Sized once so admissions never allocate.
  heap_.reserve(concurrency);
  pending_.reserve(2 * static_cast<std::size_t>(concurrency));
}

double SlotServer::draw() {
  switch (dist_) {
    case Distribution::Exponential: return rng_.exponential_mean(mean_s_);
    case Distribution::Deterministic: return mean_s_;
    case Distribution::Lognormal: return rng_.lognormal(mu_, sigma_);
  }
  return mean_s_;
}

bool SlotServer::can_admit(const Job&) const { return heap_.size() < concurrency_; }

void SlotServer::account(double now) {
  if (now > last_t_) {
    busy_server_seconds_ += static_cast<double>(heap_.size()) * (now - last_t_);
    last_t_ = now;
  }
}

void SlotServer::complete_due(double now) {
  while (!heap_.empty() && heap_.front().done <= now) {
    const Slot s = heap_.front();
    account(s.done);
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
    pending_.push_back(ServiceEvent{ServiceEvent::Kind::Done, s.id, s.done});
  }
  account(now);
}

void SlotServer::admit(const Job& job, double now) {
  // A caller that admits without advancing first still gets a server freed before now.
  complete_due(now);
  if (heap_.size() >= concurrency_) throw std::logic_error("SlotServer::admit without can_admit");
  heap_.push_back(Slot{now + draw() * slowdown_, next_seq_++, job.id});
  std::push_heap(heap_.begin(), heap_.end(), later);
  pending_.push_back(ServiceEvent{ServiceEvent::Kind::Started, job.id, now});
}

double SlotServer::next_event_time() const {
  if (!pending_.empty()) return pending_.front().time;
  return heap_.empty() ? kNever : heap_.front().done;
}

void SlotServer::advance(double now, std::vector<ServiceEvent>& out) {
  complete_due(now);
  // pending_ is in time order except that a Done and a Started at the same instant may be in
  // either order; the contract puts Started first. Insertion sort: linear on nearly sorted input
  // and, unlike stable_sort, never allocates.
  for (std::size_t i = 1; i < pending_.size(); ++i) {
    const ServiceEvent e = pending_[i];
    std::size_t j = i;
    for (; j > 0 && (pending_[j - 1].time > e.time ||
                     (pending_[j - 1].time == e.time && pending_[j - 1].kind > e.kind)); --j)
      pending_[j] = pending_[j - 1];
    pending_[j] = e;
  }
  out.insert(out.end(), pending_.begin(), pending_.end());
  pending_.clear();
}

double SlotServer::busy_integral(double now) const {
  const double tail = now > last_t_ ? static_cast<double>(heap_.size()) * (now - last_t_) : 0.0;
  return (busy_server_seconds_ + tail) / concurrency_;
}

void SlotServer::set_slowdown(double factor, double /*now*/) {
  // Only admissions draw service times, so nothing in service needs re-planning.
  check_slowdown(factor);
  slowdown_ = factor;
}

void SlotServer::abort_all(std::vector<std::uint32_t>& ids) {
  // Ids in admission order. Aborting is rare (a node crash), so this may allocate.
  std::sort(heap_.begin(), heap_.end(), [](const Slot& a, const Slot& b) { return a.seq < b.seq; });
  std::vector<std::uint32_t> aborted;
  for (const Slot& s : heap_) {
    ids.push_back(s.id);
    aborted.push_back(s.id);
  }
  std::sort(aborted.begin(), aborted.end());
  heap_.clear();
  // Events of jobs that finished before the crash stay reported; aborted jobs' are dropped.
  std::erase_if(pending_, [&](const ServiceEvent& e) { return std::binary_search(aborted.begin(), aborted.end(), e.id); });
}

}  // namespace opgsim::service
