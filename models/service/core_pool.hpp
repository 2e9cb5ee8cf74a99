// A FIFO multi-server queue where each job brings its own work: `servers` identical servers, a
// job holds one for work_s seconds (times the slowdown in effect when it starts), jobs start in
// submission order. What a verifier node (one proof check per core) and a data node (fetches
// under a concurrency cap) are made of. Pure: no SimGrid; the node actor submits jobs, sleeps
// until next_event_time() and calls advance() to collect the completions.
//
// Times are exact: a job admitted when another completes at t starts at t (not at the time the
// caller happens to call advance), so a late advance() computes the same completion times as one
// called at every event. No allocation per job once the containers have grown to the largest
// backlog seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace opgsim::service {

class CorePool {
public:
  // servers >= 1; throws InputError otherwise (it comes from a scenario's core count).
  explicit CorePool(std::uint32_t servers);

  // The job joins the FIFO at now and starts at once if a server is free. work_s >= 0 and finite
  // (std::invalid_argument otherwise); now >= every time passed before. Completions due at or
  // before now are processed first (so their servers are free); advance() returns them.
  void submit(std::uint32_t id, double work_s, double now);
  // The earliest completion, +inf when nothing runs. If submit() or set_speed_factor() processed
  // completions that advance() has not returned yet, the time of the first of them (<= the last
  // time passed), so that the caller advances at once.
  double next_event_time() const;
  // Completions due at or before now, in completion order (ties: start order), appended to
  // `done` as ids; each completion starts the next waiting job at the completion's own time.
  void advance(double now, std::vector<std::uint32_t>& done);
  // Removes every job and appends its id: the running ones in start order, then the waiting ones
  // in FIFO order. Idle afterwards. Call advance(now) first: a job due before the crash that was
  // not advanced counts as aborted. Completions already processed but not returned are still
  // returned by the next advance().
  void abort_all(std::vector<std::uint32_t>& ids);
  // slowdown >= 1 (std::invalid_argument otherwise; 1 = normal speed): a job started after this
  // call takes work_s * slowdown; running jobs keep their end time. Completions due at or before
  // now are processed first, so a job started by a completion at exactly now keeps the old speed.
  void set_speed_factor(double slowdown, double now);

  std::uint32_t servers() const { return servers_; }
  std::uint32_t busy() const { return static_cast<std::uint32_t>(heap_.size()); }
  std::size_t waiting() const { return wait_size_; }
  // Sum of work_s of the waiting jobs (not yet started), as submitted (no slowdown applied).
  double queued_work_s() const { return queued_work_s_; }
  std::size_t in_system() const { return heap_.size() + wait_size_; }
  double speed_factor() const { return slowdown_; }
  // Integral of busy servers over [0, now], in server-seconds (utilization over a window: the
  // difference over the window's length times servers()). Exact for now at or after the last
  // time passed and not past next_event_time(): call advance(now) first.
  double busy_integral(double now) const;

private:
  struct Running {
    double end;
    std::uint64_t seq;  // start order: ties between equal end times
    std::uint32_t id;
  };
  struct Waiting {
    std::uint32_t id;
    double work_s;
  };
  static bool later(const Running& a, const Running& b) { return a.end != b.end ? a.end > b.end : a.seq > b.seq; }
  void start(std::uint32_t id, double work_s, double t);
  void complete_due(double now);  // completions at or before now into done_, starting successors
  void account(double t);         // integrates busy servers up to t
  void push_waiting(const Waiting& w);
  Waiting pop_waiting();

  std::uint32_t servers_;
  double slowdown_ = 1.0;
  std::vector<Running> heap_;  // min-heap on (end, seq); capacity servers_
  // The waiting FIFO: a ring over ring_ (a std::deque would allocate and free blocks as jobs pass
  // through); it doubles when full and never shrinks.
  std::vector<Waiting> ring_;
  std::size_t wait_head_ = 0, wait_size_ = 0;
  double queued_work_s_ = 0;
  std::uint64_t next_seq_ = 0;
  // Completions processed by submit / set_speed_factor not yet returned by advance, and the time
  // of the first of them.
  std::vector<std::uint32_t> done_;
  double done_first_t_ = 0;
  double last_t_ = 0;  // busy accounting is integrated up to here
  double busy_server_seconds_ = 0;
};

}  // namespace opgsim::service
