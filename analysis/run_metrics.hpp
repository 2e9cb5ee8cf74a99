// Everything one run measures about its requests: terminal-state counts, end-to-end and
// per-stage latency distributions, TTFT/TPOT, Little's-law bookkeeping and the per-window time
// series. The engine reports events (submission, terminal state, window samples); this class
// turns them into summary.json and timeseries.csv. No SimGrid: it is fed plain numbers.
//
// Metric definitions (also in results/README.md):
//  - counts under `requests` cover every request of the run, so they must add up to submitted
//    (`invalid_undetected` is not a terminal state: it is a subset of `completed`);
//  - distributions and throughput cover the measured requests: those submitted in
//    [warmup_s, duration_s);
//  - a request's life (DESIGN): route -> data -> queue -> inference -> proof -> deliver (the
//    client has its result), and in the background once the proof is ready: storage (blob
//    written off-chain) -> verify (a verifier checks the proof) -> settle (included in a
//    committed block). Its terminal state (`end`) is when both the delivery and the background
//    work are over, so end >= result;
//  - latency of a completed request = result - submit (what the user sees). The foreground
//    stages add up to it exactly:
//      route     = at_node - submit - central_wait        (network, router decision)
//      data      = max(data_ready, at_node) - at_node     (waiting for outside data; 0 if none)
//      queue     = central_wait + started - max(data_ready, at_node)
//      inference = done - started
//      proof     = proof_done - done                      (0 for vanilla)
//      deliver   = result - proof_done                    (the result's way back)
//  - background stages, only for the requests that went through them:
//      storage = stored - proof_done                      (stored >= 0)
//      verify  = verified - (stored >= 0 ? stored : proof_done)          (verified >= 0)
//      settle  = settled - latest of {proof_done, stored, verified} set  (settled >= 0;
//                includes zk_crv's challenge window)
//  - delivered: the answer reached the client (t.result set) and the request ended completed,
//    or was still in its background stages when the run stopped (unfinished with a result):
//    what users got. throughput_rps counts completed requests only (background over too), so
//    with slow verification or settlement the two differ; delivered_rps is what users see;
//  - finality_s = settled - submit (settled >= 0); freshness_s = started - data_produced
//    (data_produced >= 0). Completed measured requests only.
//  - an empty distribution is reported as count 0 with every other field 0 (never null).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/histogram.hpp"
#include "analysis/output/signal_decl.hpp"
#include "models/lifecycle/outcome.hpp"
#include "models/lifecycle/stage.hpp"

namespace opgsim::analysis {

// Terminal states and stages are the lifecycle's (models/lifecycle): one table for both.
using lifecycle::Outcome;
using lifecycle::kOutcomeCount;
using lifecycle::Stage;
using lifecycle::kStageCount;
using lifecycle::to_string;

// Timestamps (simulated seconds) a request collects on its way; unset ones stay negative.
struct RequestTimes {
  double submit = -1;        // the client sent it
  double at_node = -1;       // it arrived at its inference node
  double started = -1;       // service began
  double first_token = -1;   // first output token (gpu model)
  double done = -1;          // service ended on the node
  double proof_done = -1;    // its proof or attestation was ready (= done for vanilla)
  double result = -1;        // the result arrived at the client (latency ends here)
  double central_wait = 0;   // time spent in the router's central queue (central_queue)
  // The data and background stages; -1 = did not happen.
  double data_ready = -1;     // the outside data arrived at the node (= at_node when none needed)
  double data_produced = -1;  // when the data the request used was produced (< 0: no data)
  double stored = -1;         // its result/proof blob was written off-chain
  double verified = -1;       // a verifier finished checking its proof
  double settled = -1;        // the block that includes its settlement was committed
};

struct MetricsConfig {
  double warmup_s = 0;
  double duration_s = 0;
  double horizon_s = 0;       // duration + drain: no event happens after it
  double window_s = 10;
  bool token_metrics = false; // report ttft_s and tpot_s (gpu model)
  bool has_router = true;     // report the router's utilization
  bool has_settlement = false;  // report finality_s
  bool has_data = false;      // report freshness_s
  double slow_latency_s = 0;  // > 0: count measured completed requests slower than this (latency_s.slow)
  // The roles' window signals (the role registry's, sim/roles/role_registry.hpp) and, for each
  // of those roles, whether the scenario gives it nodes (its conditional columns and summary
  // fields). The declarations must outlive the RunMetrics.
  std::span<const RoleSignals> roles;
  std::vector<bool> role_has_nodes;
};

class RunMetrics {
public:
  explicit RunMetrics(const MetricsConfig& config);

  // A request was submitted at `now`.
  void on_submit(double now);
  // A request reached its terminal state. `now` is the simulated time at which the engine
  // learned it; `end` is when it happened (end <= now: a timeout is known late). For a completed
  // request `end` is when both its delivery (t.result) and its background stages were over.
  // Calls come in nondecreasing `now`; completions in nondecreasing `end`.
  void on_terminal(double now, double end, Outcome outcome, const RequestTimes& t,
                   std::uint32_t output_tokens);
  // What the engine's probe samples at the end of window `window` (0-based).
  struct WindowSample {
    double router_utilization = 0;  // the router's busy fraction over the window
    // Every role's signals at the window's end (or over it), by slot: the declarations' order
    // (analysis::signal_slots); each role's sampler fills its own.
    std::array<double, kMaxRoleSignals> values{};
  };
  void on_window_sample(std::size_t window, const WindowSample& sample);
  // A completed request's result was wrong and no check caught it (it also ends Completed).
  // A caught one ends with Outcome::Invalid instead.
  void on_undetected_invalid() { ++undetected_invalid_; }
  // Closes the run at simulated time end_s (no call after this one).
  void finish(double end_s);

  std::uint64_t submitted() const { return submitted_; }
  std::uint64_t terminal() const { return terminal_total_; }
  std::uint64_t count(Outcome o) const { return counts_[static_cast<int>(o)]; }
  std::uint64_t in_flight() const { return submitted_ - terminal_total_; }
  std::uint64_t undetected_invalid() const { return undetected_invalid_; }

  nlohmann::json summary() const;        // summary.json minus run-level fields added by the engine
  std::string timeseries_csv() const;    // timeseries.csv

private:
  struct Window {
    std::uint64_t arrivals = 0;
    std::array<std::uint64_t, kOutcomeCount> ended{};  // by outcome, by end time
    WindowSample sample;
    double latency_p50 = 0, latency_p99 = 0;
    double finality_p99 = 0;
    std::uint64_t delivered = 0;  // answers that reached their client in the window (by result time)
    double ttft_p50 = 0, ttft_p99 = 0, tpot_p99 = 0;  // of the window's completions, as latency
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
  Histogram finality_, freshness_;
  std::vector<Window> windows_;
  Histogram window_latency_;              // completions of the open latency window
  Histogram window_finality_;             // settled completions of the open latency window
  Histogram window_ttft_, window_tpot_;   // completions of the open latency window (gpu model)
  std::uint64_t measured_delivered_ = 0;  // measured requests whose answer reached the client
  std::uint64_t measured_slow_ = 0;       // measured completed requests slower than cfg_.slow_latency_s
  std::size_t latency_window_ = 0;        // index of the open latency window
  // Little's law over [warmup, duration): integral of the number in system.
  double in_system_integral_ = 0;
  double in_system_last_ = 0;
  std::int64_t in_system_ = 0;
  std::vector<SignalSlot> slots_;                     // cfg_.roles' signals, by slot
  std::array<std::uint64_t, kMaxRoleSignals> totals_{};  // RunTotal signals over every window sampled
  std::uint64_t undetected_invalid_ = 0;
  double measured_sojourn_sum_ = 0;       // of measured requests that ended (any outcome)
  std::uint64_t measured_ended_ = 0;
  double end_s_ = 0;
  bool finished_ = false;
};

}  // namespace opgsim::analysis
