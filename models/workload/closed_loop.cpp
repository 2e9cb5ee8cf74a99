// ClosedLoop (see closed_loop.hpp).
#include "models/workload/closed_loop.hpp"

#include <algorithm>

namespace opgsim::workload {

ClosedLoop::ClosedLoop(const ClosedLoopSpec& spec, RequestMix mix, Rng rng)
    : spec_(spec), sampler_(std::move(mix)), rng_(rng), users_(spec.users) {
  for (std::uint32_t u = 0; u < spec_.users; ++u) {
    const double start = spec_.start_spread_s > 0 ? rng_.uniform(0, spec_.start_spread_s) : 0.0;
    if (start < spec_.end_s) due_.push({start, u, 0, Kind::Submit});
  }
}

// A submission is stale once its user has moved on; a give-up once its request has ended.
bool ClosedLoop::stale(const Entry& e) const {
  const User& u = users_[e.user];
  if (e.kind == Kind::Submit) return u.in_flight || e.round != u.round;
  return !u.in_flight || e.round != u.round;
}

void ClosedLoop::drop_stale() {
  while (!due_.empty() && stale(due_.top())) due_.pop();
}

double ClosedLoop::next_time() {
  drop_stale();
  return due_.empty() ? std::numeric_limits<double>::infinity() : due_.top().time;
}

bool ClosedLoop::pop_submission(double now, Arrival& out, std::uint32_t& user) {
  while (true) {
    drop_stale();
    if (due_.empty() || due_.top().time > now) return false;
    const Entry e = due_.top();
    due_.pop();
    if (e.kind == Kind::GiveUp) {  // the user stops waiting and, after thinking, sends again
      users_[e.user].in_flight = false;
      schedule_next(e.user, e.time);
      continue;
    }
    user = e.user;
    out.time_s = now;
    sampler_.fill(out, rng_);
    return true;
  }
}

void ClosedLoop::on_submitted(std::uint32_t user, double deadline) {
  User& u = users_[user];
  u.in_flight = true;
  ++u.round;
  due_.push({deadline, user, u.round, Kind::GiveUp});
}

void ClosedLoop::on_ended(std::uint32_t user, double now, bool answered) {
  User& u = users_[user];
  if (!u.in_flight) return;  // the user had already given up on it
  u.in_flight = false;
  schedule_next(user, now, answered ? 0.0 : spec_.retry_delay_s);
}

void ClosedLoop::schedule_next(std::uint32_t user, double ended_at, double min_pause) {
  double think = spec_.think_time_s;
  if (think > 0 && spec_.exponential_think) think = rng_.exponential_mean(think);
  const double t = ended_at + std::max(think, min_pause);
  if (t < spec_.end_s) due_.push({t, user, users_[user].round, Kind::Submit});
}

}  // namespace opgsim::workload
