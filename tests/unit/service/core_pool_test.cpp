// Unit tests of CorePool (the FIFO multi-server queue of verifier and data nodes): M/D/c hand
// cases, cascades in a late advance, abort, queued work, busy integral, speed factor, and exact
// agreement with the textbook FCFS recursion on random jobs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/service/core_pool.hpp"

using opgsim::Rng;
using opgsim::service::CorePool;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The reference: FCFS c servers, jobs in submission order; job n starts at max(arrival, the
// earliest time a server frees) and ends start + work (Kiefer-Wolfowitz). No event loop at all.
struct RefJob {
  double arrival, work, end;
};
void reference(std::vector<RefJob>& jobs, std::uint32_t servers) {
  std::vector<double> free_at(servers, 0.0);
  for (RefJob& j : jobs) {
    const auto it = std::min_element(free_at.begin(), free_at.end());
    const double start = std::max(j.arrival, *it);
    j.end = start + j.work;
    *it = j.end;
  }
}

// Random arrivals and works: exponential gaps, works mostly exponential with some exact ties
// (zero work, whole seconds) to exercise equal end times.
std::vector<RefJob> random_jobs(Rng& rng, int n, double rate, double mean_work) {
  std::vector<RefJob> jobs;
  double t = 0;
  for (int i = 0; i < n; ++i) {
    t += rng.uniform01() < 0.2 ? 0.0 : rng.exponential_mean(1.0 / rate);
    const double u = rng.uniform01();
    const double w = u < 0.05 ? 0.0 : u < 0.25 ? std::floor(1 + 3 * rng.uniform01()) : rng.exponential_mean(mean_work);
    jobs.push_back(RefJob{t, w, 0});
  }
  return jobs;
}

}  // namespace

TEST_CASE("M/D/c by hand: 3 jobs of 1 s on 2 servers at 0 end at 1, 1, 2") {
  CorePool p(2);
  for (std::uint32_t id = 0; id < 3; ++id) p.submit(id, 1.0, 0.0);
  CHECK(p.busy() == 2);
  CHECK(p.waiting() == 1);
  CHECK(p.in_system() == 3);
  CHECK(p.queued_work_s() == 1.0);
  CHECK(p.next_event_time() == 1.0);
  std::vector<std::uint32_t> done;
  p.advance(0.5, done);
  CHECK(done.empty());
  p.advance(1.0, done);
  CHECK(done == std::vector<std::uint32_t>{0, 1});
  CHECK(p.busy() == 1);
  CHECK(p.waiting() == 0);
  CHECK(p.queued_work_s() == 0.0);
  CHECK(p.next_event_time() == 2.0);
  p.advance(2.0, done);
  CHECK(done == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(p.next_event_time() == kInf);
  CHECK(p.in_system() == 0);
  // Busy servers: 2 on [0, 1], 1 on [1, 2].
  CHECK(p.busy_integral(2.0) == 3.0);
  CHECK(p.busy_integral(5.0) == 3.0);
}

TEST_CASE("a late advance runs the cascade at the completions' own times") {
  CorePool p(2);
  // Works 1, 1, 1, 1, 0.5 on 2 servers: ends 1, 1, 2, 2, 2.5 (the last starts at 2, not at now).
  for (std::uint32_t id = 0; id < 4; ++id) p.submit(id, 1.0, 0.0);
  p.submit(4, 0.5, 0.0);
  CHECK(p.queued_work_s() == 2.5);
  std::vector<std::uint32_t> done;
  p.advance(2.25, done);
  CHECK(done == std::vector<std::uint32_t>{0, 1, 2, 3});
  CHECK(p.busy() == 1);
  CHECK(p.next_event_time() == 2.5);
  // 2 busy on [0, 2], 1 on [2, 2.25].
  CHECK(p.busy_integral(2.25) == 4.25);
  p.advance(10, done);
  CHECK(done.back() == 4);
  CHECK(p.busy_integral(10) == 4.5);

  // A late advance far past several generations on one server.
  CorePool q(1);
  for (std::uint32_t id = 0; id < 5; ++id) q.submit(id, 0.25 * (id + 1), 1.0);
  done.clear();
  q.advance(100, done);
  CHECK(done == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
  CHECK(q.busy_integral(100) == 0.25 * 15);
}

TEST_CASE("ties complete in start order, zero work completes at its start") {
  CorePool p(3);
  p.submit(7, 2.0, 0.0);
  p.submit(5, 1.0, 1.0);  // ends 2, same as 7, started later
  p.submit(9, 0.0, 2.0);  // submitted at 2 before advancing: 7 and 5 are processed first
  CHECK(p.next_event_time() == 2.0);
  std::vector<std::uint32_t> done;
  p.advance(2.0, done);
  CHECK(done == std::vector<std::uint32_t>{7, 5, 9});
  CHECK(p.next_event_time() == kInf);
}

TEST_CASE("submit without advance first frees servers of due completions") {
  CorePool p(1);
  p.submit(1, 1.0, 0.0);
  p.submit(2, 1.0, 0.5);  // waits; starts at 1
  p.submit(3, 1.0, 3.0);  // 1 and 2 ended at 1 and 2: starts at once at 3
  CHECK(p.busy() == 1);
  CHECK(p.waiting() == 0);
  CHECK(p.next_event_time() == 1.0);  // the completions not yet returned
  std::vector<std::uint32_t> done;
  p.advance(3.0, done);
  CHECK(done == std::vector<std::uint32_t>{1, 2});
  CHECK(p.next_event_time() == 4.0);
  CHECK(p.busy_integral(3.0) == 2.0);
}

TEST_CASE("queued_work_s sums the waiting jobs' work as submitted") {
  CorePool p(2);
  for (std::uint32_t id = 1; id <= 5; ++id) p.submit(id, static_cast<double>(id), 0.0);
  CHECK(p.queued_work_s() == 3.0 + 4.0 + 5.0);
  p.set_speed_factor(4.0, 0.0);  // not applied to queued work
  CHECK(p.queued_work_s() == 12.0);
  std::vector<std::uint32_t> done;
  p.advance(1.0, done);  // 1 ends, 3 starts (slowed: ends at 1 + 12)
  CHECK(p.queued_work_s() == 9.0);
  p.advance(2.0, done);  // 2 ends, 4 starts
  CHECK(p.queued_work_s() == 5.0);
  CHECK(p.next_event_time() == 13.0);
}

TEST_CASE("abort_all returns every job once, running then waiting, and leaves the pool idle") {
  CorePool p(2);
  for (std::uint32_t id = 10; id < 16; ++id) p.submit(id, 1.0 + id % 3, 0.0);
  std::vector<std::uint32_t> done;
  p.advance(2.0, done);  // 10 (work 2), 11 (work 3)... 10 ends at 2, 12 starts at 2
  CHECK(done == std::vector<std::uint32_t>{10});
  std::vector<std::uint32_t> ids;
  p.abort_all(ids);
  CHECK(ids == std::vector<std::uint32_t>{11, 12, 13, 14, 15});
  CHECK(p.busy() == 0);
  CHECK(p.waiting() == 0);
  CHECK(p.in_system() == 0);
  CHECK(p.queued_work_s() == 0.0);
  CHECK(p.next_event_time() == kInf);
  // Busy accounting stops at the crash.
  CHECK(p.busy_integral(50) == 4.0);
  // Usable again afterwards.
  p.submit(1, 1.0, 60);
  CHECK(p.next_event_time() == 61);
  p.advance(61, done);
  CHECK(done.back() == 1);
}

TEST_CASE("the speed factor applies to jobs started after the call only") {
  CorePool p(1);
  p.submit(1, 1.0, 0.0);
  p.submit(2, 1.0, 0.0);
  p.set_speed_factor(2.0, 0.5);
  CHECK(p.next_event_time() == 1.0);  // running: keeps its end
  std::vector<std::uint32_t> done;
  p.advance(1.0, done);
  CHECK(p.next_event_time() == 3.0);  // started at 1 under slowdown 2
  p.set_speed_factor(1.0, 3.0);       // 2 ends at 3 before the change: nothing runs slowed now
  p.submit(3, 1.0, 3.0);
  CHECK(p.next_event_time() == 3.0);  // 2's completion, not yet returned
  p.advance(3.0, done);
  CHECK(done == std::vector<std::uint32_t>{1, 2});
  CHECK(p.next_event_time() == 4.0);

  // A completion at exactly the call's time starts its successor at the old speed.
  CorePool q(1);
  q.submit(1, 1.0, 0.0);
  q.submit(2, 1.0, 0.0);
  q.set_speed_factor(3.0, 1.0);
  CHECK(q.next_event_time() == 1.0);
  q.advance(1.0, done);
  CHECK(q.next_event_time() == 2.0);
  CHECK(q.speed_factor() == 3.0);

  CHECK_THROWS_AS(q.set_speed_factor(0.5, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(q.submit(3, -1.0, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(CorePool(0), opgsim::InputError);
}

TEST_CASE("2000 random jobs on 3 servers: every completion time equals the FCFS recursion exactly") {
  Rng rng(2024);
  std::vector<RefJob> jobs = random_jobs(rng, 2000, 2.5, 1.0);  // load ~ 0.83
  reference(jobs, 3);
  CorePool p(3);
  std::vector<double> end(jobs.size(), -1);
  std::vector<std::uint32_t> order, done;
  std::size_t next = 0;
  std::uint64_t max_waiting = 0;
  // Event-driven: every advance is at the next completion, so each id's completion time is the
  // advance time.
  while (next < jobs.size() || p.in_system() > 0) {
    const double e = p.next_event_time();
    const double a = next < jobs.size() ? jobs[next].arrival : kInf;
    if (e <= a) {
      done.clear();
      p.advance(e, done);
      REQUIRE(!done.empty());
      for (const std::uint32_t id : done) {
        end[id] = e;
        order.push_back(id);
      }
    } else {
      p.submit(static_cast<std::uint32_t>(next), jobs[next].work, a);
      ++next;
      max_waiting = std::max<std::uint64_t>(max_waiting, p.waiting());
    }
  }
  CHECK(max_waiting > 5);  // the queue was exercised
  for (std::size_t i = 0; i < jobs.size(); ++i) REQUIRE(end[i] == jobs[i].end);
  // Completion order: by end time, ties in start order (= submission order under FIFO).
  std::vector<std::uint32_t> expected(jobs.size());
  for (std::uint32_t i = 0; i < expected.size(); ++i) expected[i] = i;
  std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t x, std::uint32_t y) { return jobs[x].end < jobs[y].end; });
  CHECK(order == expected);
}

TEST_CASE("random jobs with late advances and unadvanced submits: same completions as the recursion") {
  for (const std::uint32_t servers : {1u, 3u, 8u}) {
    Rng rng(77 + servers);
    std::vector<RefJob> jobs = random_jobs(rng, 2000, 0.9 * servers, 1.0);
    reference(jobs, servers);
    CorePool p(servers);
    std::vector<std::uint32_t> order, done;
    std::set<std::uint32_t> open;  // submitted, not returned
    double prev = 0;  // the last time passed to the pool
    std::size_t next = 0;
    const auto check_advance = [&](double now) {
      done.clear();
      p.advance(now, done);
      // Exactly the submitted, unreturned jobs that end by now, in (end, submission) order.
      std::vector<std::uint32_t> want;
      for (const std::uint32_t id : open)
        if (jobs[id].end <= now) want.push_back(id);
      std::stable_sort(want.begin(), want.end(), [&](std::uint32_t x, std::uint32_t y) { return jobs[x].end < jobs[y].end; });
      REQUIRE(done == want);
      for (const std::uint32_t id : done) {
        open.erase(id);
        order.push_back(id);
      }
      prev = now;
      // The next event is exactly the earliest end among the jobs still in the pool.
      double e = kInf;
      for (const std::uint32_t id : open) e = std::min(e, jobs[id].end);
      REQUIRE(p.next_event_time() == e);
      REQUIRE(p.in_system() == open.size());
    };
    while (next < jobs.size() || p.in_system() > 0) {
      const double a = next < jobs.size() ? jobs[next].arrival : kInf;
      const double u = rng.uniform01();
      if (u < 0.3 && next < jobs.size()) {
        // Submit without advancing: due completions are processed inside and returned later.
        p.submit(static_cast<std::uint32_t>(next), jobs[next].work, a);
        open.insert(static_cast<std::uint32_t>(next));
        ++next;
        prev = a;
      } else {
        // Advance somewhere between the next event and the next arrival (or past everything).
        const double e = p.next_event_time();
        double now = a;
        if (e < a) now = std::isfinite(a) ? e + (a - e) * rng.uniform01() : e + 5 * rng.uniform01();
        // next_event_time() may be a completion already processed by a submit, before prev.
        now = std::max(now, prev);
        check_advance(now);
        if (next < jobs.size() && a == now) {
          p.submit(static_cast<std::uint32_t>(next), jobs[next].work, a);
          open.insert(static_cast<std::uint32_t>(next));
          ++next;
        }
      }
    }
    CHECK(order.size() == jobs.size());
    // Busy integral: the total work, as every job ran to completion at speed 1.
    double work = 0;
    for (const RefJob& j : jobs) work += j.work;
    CHECK(p.busy_integral(prev) == doctest::Approx(work).epsilon(1e-9));
  }
}
