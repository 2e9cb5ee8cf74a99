// The request state machine: every terminal state, hand-computed end times, and the deadline's
// two boundary rules (work stops at the deadline; a result arriving exactly at it is on time).
#include <doctest/doctest.h>

#include "models/lifecycle/request_state.hpp"

using namespace opgsim::lifecycle;

namespace {
const StagePlan kForegroundOnly = StagePlan::make({});
const StagePlan kFull = StagePlan::make({.verified = true, .storage = true, .settlement = true});
const StagePlan kStorageOnly = StagePlan::make({.storage = true});

void check_terminal(const std::optional<Terminal>& t, Outcome o, double end) {
  REQUIRE(t.has_value());
  CHECK(t->outcome == o);
  CHECK(t->end == doctest::Approx(end));
}
}  // namespace

TEST_CASE("without a background path the answer ends the request") {
  SUBCASE("completed, on time") {
    RequestState s(Deadline{10});
    CHECK_FALSE(s.proof_ready(kForegroundOnly).has_value());
    check_terminal(s.answer_received(Outcome::Completed, 4.5), Outcome::Completed, 4.5);
  }
  SUBCASE("a result arriving exactly at the deadline is on time") {
    RequestState s(Deadline{10});
    check_terminal(s.answer_received(Outcome::Completed, 10), Outcome::Completed, 10);
  }
  SUBCASE("a result after the deadline: timed out when the client gave up") {
    RequestState s(Deadline{10});
    check_terminal(s.answer_received(Outcome::Completed, 10.5), Outcome::TimedOut, 10);
  }
  SUBCASE("rejected and failed answers end as such") {
    RequestState a(Deadline{10}), b(Deadline{10});
    check_terminal(a.answer_received(Outcome::Rejected, 1), Outcome::Rejected, 1);
    check_terminal(b.answer_received(Outcome::Failed, 2), Outcome::Failed, 2);
  }
}

TEST_CASE("with a background path the request ends when both paths are over") {
  SUBCASE("delivered first, settled later: completed at settlement") {
    RequestState s(Deadline{100});
    CHECK(s.proof_ready(kFull) == Stage::Storage);
    CHECK(s.background_started());
    Next n = s.background_stage_done(kFull, Stage::Storage, 3);
    CHECK(n.stage == Stage::Verify);
    CHECK_FALSE(n.ended);
    CHECK_FALSE(s.answer_received(Outcome::Completed, 4).has_value());
    CHECK(s.delivery() == RequestState::Delivery::OnTime);
    n = s.background_stage_done(kFull, Stage::Verify, 5);
    CHECK(n.stage == Stage::Settle);
    n = s.background_stage_done(kFull, Stage::Settle, 19);
    CHECK_FALSE(n.stage);
    check_terminal(n.ended, Outcome::Completed, 19);
  }
  SUBCASE("background over first: completed when the result arrives") {
    RequestState s(Deadline{100});
    CHECK(s.proof_ready(kStorageOnly) == Stage::Storage);
    const Next n = s.background_stage_done(kStorageOnly, Stage::Storage, 2);
    CHECK_FALSE(n.stage);
    CHECK_FALSE(n.ended);
    CHECK(s.background_over());
    check_terminal(s.answer_received(Outcome::Completed, 7), Outcome::Completed, 7);
  }
  SUBCASE("a caught result is not settled and ends invalid") {
    RequestState s(Deadline{100});
    s.mark_invalid();
    s.proof_ready(kFull);
    s.background_stage_done(kFull, Stage::Storage, 1);
    CHECK_FALSE(s.answer_received(Outcome::Completed, 2).has_value());
    s.mark_caught();
    const Next n = s.background_stage_done(kFull, Stage::Verify, 3);
    CHECK_FALSE(n.stage);
    check_terminal(n.ended, Outcome::Invalid, 3);
    CHECK_FALSE(s.undetected_invalid(Outcome::Invalid));
  }
  SUBCASE("a late result with background work: timed out when the background ends") {
    RequestState s(Deadline{10});
    s.proof_ready(kStorageOnly);
    CHECK_FALSE(s.answer_received(Outcome::Completed, 12).has_value());
    CHECK(s.delivery() == RequestState::Delivery::Late);
    check_terminal(s.background_stage_done(kStorageOnly, Stage::Storage, 15).ended, Outcome::TimedOut, 15);
  }
  SUBCASE("an invalid result nothing caught completes, and is counted as undetected") {
    RequestState s(Deadline{10});
    s.mark_invalid();
    s.proof_ready(kStorageOnly);
    s.answer_received(Outcome::Completed, 1);
    const Next n = s.background_stage_done(kStorageOnly, Stage::Storage, 2);
    check_terminal(n.ended, Outcome::Completed, 2);
    CHECK(s.undetected_invalid(Outcome::Completed));
  }
}

TEST_CASE("waiting requests time out from the deadline on, at the deadline") {
  const RequestState s(Deadline{10});
  CHECK_FALSE(s.expired_while_waiting(9.999).has_value());
  check_terminal(s.expired_while_waiting(10), Outcome::TimedOut, 10);
  check_terminal(s.expired_while_waiting(30), Outcome::TimedOut, 10);
}

TEST_CASE("at the end of the run a request still in flight is unfinished or timed out") {
  SUBCASE("not delivered, deadline ahead: unfinished at the run's end") {
    const RequestState s(Deadline{100});
    check_terminal(s.at_run_end(50), Outcome::Unfinished, 50);
  }
  SUBCASE("not delivered, deadline passed: timed out at the deadline") {
    const RequestState s(Deadline{40});
    check_terminal(s.at_run_end(50), Outcome::TimedOut, 40);
  }
  SUBCASE("delivered on time, background still running: unfinished") {
    RequestState s(Deadline{40});
    s.proof_ready(kFull);
    s.answer_received(Outcome::Completed, 30);
    check_terminal(s.at_run_end(50), Outcome::Unfinished, 50);
  }
  SUBCASE("delivered late, background still running: timed out at the deadline") {
    RequestState s(Deadline{40});
    s.proof_ready(kFull);
    s.answer_received(Outcome::Completed, 45);
    check_terminal(s.at_run_end(50), Outcome::TimedOut, 40);
  }
}

TEST_CASE("a request can be ended only once") {
  RequestState s(Deadline{1});
  CHECK(s.claim_end());
  CHECK_FALSE(s.claim_end());
}
