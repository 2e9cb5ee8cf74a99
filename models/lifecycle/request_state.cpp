// The request state machine (see request_state.hpp).
#include "models/lifecycle/request_state.hpp"

namespace opgsim::lifecycle {

std::optional<Stage> RequestState::proof_ready(const StagePlan& plan) {
  const std::optional<Stage> first = plan.first_background();
  if (first) background_started_ = true;
  return first;
}

Next RequestState::background_stage_done(const StagePlan& plan, Stage done, double now) {
  std::optional<Stage> next = plan.next_background_after(done);
  if (next == Stage::Settle && caught_) next.reset();  // a caught result is never settled
  if (next) return {next, std::nullopt};
  background_over_ = true;
  if (delivery_ == Delivery::Pending) return {};  // it ends when the client has its result
  return {std::nullopt, Terminal{final_outcome(), now}};
}

std::optional<Terminal> RequestState::answer_received(Outcome answer, double now) {
  if (!background_started_) {  // nothing runs behind it: the answer ends it
    if (deadline_.late(now)) return Terminal{Outcome::TimedOut, deadline_.at};  // the client gave up first
    return Terminal{answer, now};
  }
  delivery_ = deadline_.late(now) ? Delivery::Late : Delivery::OnTime;
  if (!background_over_) return std::nullopt;
  return Terminal{final_outcome(), now};
}

std::optional<Terminal> RequestState::expired_while_waiting(double now) const {
  if (!deadline_.passed(now)) return std::nullopt;
  return Terminal{Outcome::TimedOut, deadline_.at};
}

Terminal RequestState::at_run_end(double end) const {
  if (delivery_ == Delivery::OnTime) return {Outcome::Unfinished, end};  // delivered, not yet settled
  if (deadline_.passed(end)) return {Outcome::TimedOut, deadline_.at};
  return {Outcome::Unfinished, end};
}

Outcome RequestState::final_outcome() const {
  if (caught_) return Outcome::Invalid;
  return delivery_ == Delivery::Late ? Outcome::TimedOut : Outcome::Completed;
}

}  // namespace opgsim::lifecycle
