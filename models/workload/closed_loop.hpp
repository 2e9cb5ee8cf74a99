// Closed-loop load (scenario `workload.arrivals` with `type: closed`): a fixed population of
// users, each sending its next request only when its previous one has ended (answered,
// rejected, or given up at its timeout) plus a think time. This is how serving benchmarks
// measure at a fixed concurrency (vllm bench serve --max-concurrency N) and how load testers
// drive real servers. One ClosedLoop holds the users of one client.
//
// It is the pure state machine; the client actor asks it when the next thing is due, and tells
// it when requests are submitted and end. A request's end is reported only if the client
// learns of it; the user's own timeout covers the rest, so a user never waits forever.
// Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

#include "models/common/rng.hpp"
#include "models/workload/request_sampler.hpp"

namespace opgsim::workload {

struct ClosedLoopSpec {
  std::uint32_t users = 1;          // users of this client
  double think_time_s = 0;          // mean pause between an end and the next request
  bool exponential_think = true;    // false: every pause is exactly think_time_s
  double start_spread_s = 0;        // users start uniformly over [0, start_spread_s)
  double retry_delay_s = 1;         // after a rejected or failed request, wait at least this long
  double end_s = 0;                 // no request starts at or after end_s
};

class ClosedLoop {
public:
  ClosedLoop(const ClosedLoopSpec& spec, RequestMix mix, Rng rng);

  // When the next submission or timeout is due (+inf when nothing is).
  double next_time();
  // The next submission due at or before now: fills `out` (time = now) and `user`; false if
  // none is due. The caller submits it and then calls on_submitted().
  bool pop_submission(double now, Arrival& out, std::uint32_t& user);
  // The user's request is in flight; its timeout falls at `deadline`.
  void on_submitted(std::uint32_t user, double deadline);
  // The user's request ended at `now`: answered (the user thinks, then sends again) or refused /
  // failed (the user waits at least retry_delay_s, as clients back off on errors; without it a
  // user facing a fleet that is all down would retry at the same instant forever).
  void on_ended(std::uint32_t user, double now, bool answered = true);

private:
  enum class Kind : std::uint8_t { Submit, GiveUp };
  struct Entry {
    double time;
    std::uint32_t user;
    std::uint32_t round;  // the user's request number the entry belongs to (stale otherwise)
    Kind kind;
    bool operator>(const Entry& o) const {
      if (time != o.time) return time > o.time;
      return user > o.user;
    }
  };
  struct User {
    std::uint32_t round = 0;   // requests sent so far
    bool in_flight = false;
  };
  void schedule_next(std::uint32_t user, double ended_at, double min_pause = 0);
  bool stale(const Entry& e) const;
  void drop_stale();

  ClosedLoopSpec spec_;
  RequestSampler sampler_;
  Rng rng_;
  std::vector<User> users_;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> due_;
};

}  // namespace opgsim::workload
