// Everything one run measures about its requests: terminal-state counts, end-to-end and
// per-stage latency distributions, TTFT/TPOT, Little's-law bookkeeping and the per-window time
// series. The engine reports events (submission, terminal state, window samples); this class
// turns them into summary.json and timeseries.csv. No SimGrid: it is fed plain numbers.
//
// Metric definitions (also in results/README.md):
//  - counts under `requests` cover every request of the run, so they must add up to submitted;
//  - distributions and throughput cover the measured requests: those submitted in
//    [warmup_s, duration_s);
//  - stages of a completed request: route = time on the way to its node (network, router
//    decision), queue = waiting before service starts (at the node, or in the router's central
//    queue), inference = service on the node, respond = the result's way back; they add up to
//    the end-to-end latency. proof = producing the request's proof or attestation on the node
//    after inference (verification modes, models/proof); 0 for vanilla.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/histogram.hpp"

namespace opgsim::analysis {

enum class Outcome : std::uint8_t { Completed, Rejected, TimedOut, Failed, Invalid, Unfinished };
constexpr int kOutcomeCount = 6;
const char* to_string(Outcome o);

// Timestamps (simulated seconds) a request collects on its way; unset ones stay negative.
struct RequestTimes {
  double submit = -1;        // the client sent it
  double at_node = -1;       // it arrived at its inference node
  double started = -1;       // service began
  double first_token = -1;   // first output token (gpu model)
  double done = -1;          // service ended on the node
  double proof_done = -1;    // its proof or attestation was ready (= done for vanilla)
  double result = -1;        // the result arrived at the client
  double central_wait = 0;   // time spent in the router's central queue (central_queue)
};

enum class Stage : std::uint8_t { Route, Queue, Inference, Proof, Respond };
constexpr int kStageCount = 5;
const char* to_string(Stage s);

// Roles whose utilization is sampled per window.
enum class Role : std::uint8_t { Inference, Router };
constexpr int kRoleCount = 2;
const char* to_string(Role r);

struct MetricsConfig {
  double warmup_s = 0;
  double duration_s = 0;
  double horizon_s = 0;       // duration + drain: no event happens after it
  double window_s = 10;
  bool token_metrics = false; // report ttft_s and tpot_s (gpu model)
  bool has_router = true;     // report the router's utilization
};

class RunMetrics {
public:
  explicit RunMetrics(const MetricsConfig& config);

  // A request was submitted at `now`.
  void on_submit(double now);
  // A request reached its terminal state. `now` is the simulated time at which the engine
  // learned it; `end` is when it happened for the client (end <= now: a timeout is known late).
  void on_terminal(double now, double end, Outcome outcome, const RequestTimes& t,
                   std::uint32_t output_tokens);
  // What the engine's probe samples at the end of window `window` (0-based).
  struct WindowSample {
    std::uint64_t queue_length = 0;              // requests waiting at nodes and the router
    std::array<double, kRoleCount> utilization{};  // busy fraction over the window, per role
    double occupancy_inference = 0;              // mean node occupancy at the window's end
    std::uint64_t preemptions = 0;               // preemptions during the window, all nodes
  };
  void on_window_sample(std::size_t window, const WindowSample& sample);
  // Closes the run at simulated time end_s (no call after this one).
  void finish(double end_s);

  std::uint64_t submitted() const { return submitted_; }
  std::uint64_t terminal() const { return terminal_total_; }
  std::uint64_t count(Outcome o) const { return counts_[static_cast<int>(o)]; }
  std::uint64_t in_flight() const { return submitted_ - terminal_total_; }

  nlohmann::json summary() const;        // summary.json minus run-level fields added by the engine
  std::string timeseries_csv() const;    // timeseries.csv

private:
  struct Window {
    std::uint64_t arrivals = 0;
    std::array<std::uint64_t, kOutcomeCount> ended{};  // by outcome, by end time
    WindowSample sample;
    double latency_p50 = 0, latency_p99 = 0;
  };
  std::size_t window_of(double t) const;
  void close_latency_window(std::size_t upto);
  void advance_in_system(double now);
  bool measured(const RequestTimes& t) const;

  MetricsConfig cfg_;
  std::uint64_t submitted_ = 0;
  std::uint64_t terminal_total_ = 0;
  std::array<std::uint64_t, kOutcomeCount> counts_{};
  std::uint64_t measured_submitted_ = 0;
  std::array<std::uint64_t, kOutcomeCount> measured_counts_{};
  Histogram latency_;
  std::array<Histogram, kStageCount> stages_;
  Histogram ttft_, tpot_;
  std::vector<Window> windows_;
  Histogram window_latency_;              // completions of the open latency window
  std::size_t latency_window_ = 0;        // index of the open latency window
  // Little's law over [warmup, duration): integral of the number in system.
  double in_system_integral_ = 0;
  double in_system_last_ = 0;
  std::int64_t in_system_ = 0;
  std::uint64_t preemptions_ = 0;
  double measured_sojourn_sum_ = 0;       // of measured requests that ended (any outcome)
  std::uint64_t measured_ended_ = 0;
  double end_s_ = 0;
  bool finished_ = false;
};

}  // namespace opgsim::analysis
