// The state machine of one request: where it goes after each stage and the single terminal
// state it ends in. The engine reports what happened (the proof is ready, a background stage
// finished, the result reached the client, the deadline passed while it waited, the run ended)
// and this class answers with the next stage and, when the request's life is over, its terminal
// state and end time. Pure: no SimGrid, no clock of its own.
//
// A request travels on two paths once its proof is ready: its result to the client (the
// foreground, which the user sees) and, when its class's plan has one, storage -> verify ->
// settle (the background). It ends when both are over:
//  - completed: delivered on time, and its background (if any) over without a caught proof;
//  - timed_out: its deadline passed before a result reached the client (end = the deadline when
//    the client gave up first; = the background's end when a late result had background work);
//  - invalid: a verifier caught its wrong result (it is never settled);
//  - rejected / failed: the node (or router) refused it, or its node died, before a result;
//  - unfinished: still in flight when the run ended (delivered in time but not yet settled, or
//    not yet delivered with its deadline still ahead).
#pragma once

#include <cstdint>
#include <optional>

#include "models/lifecycle/deadline.hpp"
#include "models/lifecycle/outcome.hpp"
#include "models/lifecycle/stage_plan.hpp"

namespace opgsim::lifecycle {

struct Terminal {
  Outcome outcome;
  double end;  // when it happened (simulated seconds); <= the time it was decided
};

// What follows a finished stage: the next background stage to send it to, or its end.
struct Next {
  std::optional<Stage> stage;      // the next stage, if any
  std::optional<Terminal> ended;   // set when the request's life is over
};

class RequestState {
public:
  enum class Delivery : std::uint8_t { Pending, OnTime, Late };

  RequestState() = default;
  explicit RequestState(Deadline deadline) : deadline_(deadline) {}

  const Deadline& deadline() const { return deadline_; }
  Delivery delivery() const { return delivery_; }
  bool background_started() const { return background_started_; }
  bool background_over() const { return background_over_; }
  bool invalid() const { return invalid_; }
  bool caught() const { return caught_; }

  // Its node produced a wrong result (malicious): verification may catch it.
  void mark_invalid() { invalid_ = true; }
  // A verifier rejected its proof: it will not settle, and ends invalid.
  void mark_caught() { caught_ = true; }

  // Its proof is ready at its node and the result leaves for the client: returns the first
  // background stage of `plan` (the background path starts), or nullopt when it has none.
  std::optional<Stage> proof_ready(const StagePlan& plan);
  // Background stage `done` finished at `now`: the next stage, or the end of the background
  // path (and of the request, if the client already has its result).
  Next background_stage_done(const StagePlan& plan, Stage done, double now);
  // The client received the node's (or router's) `answer` at `now`.
  std::optional<Terminal> answer_received(Outcome answer, double now);
  // It is still waiting for work (router queue, node queue) at `now`: a timeout once the
  // deadline passed (the client gave up at the deadline).
  std::optional<Terminal> expired_while_waiting(double now) const;
  // The run ended at `end` with the request still in flight.
  Terminal at_run_end(double end) const;

  // Guards against ending a request twice: true the first time only.
  bool claim_end() {
    if (ended_) return false;
    ended_ = true;
    return true;
  }
  // A completed request whose wrong result nothing caught (counted apart, never a terminal state).
  bool undetected_invalid(Outcome o) const { return o == Outcome::Completed && invalid_ && !caught_; }

private:
  Outcome final_outcome() const;

  Deadline deadline_;
  Delivery delivery_ = Delivery::Pending;
  bool background_started_ = false;
  bool background_over_ = false;
  bool invalid_ = false;
  bool caught_ = false;
  bool ended_ = false;
};

}  // namespace opgsim::lifecycle
