// RunMetrics: see run_metrics.hpp for the metric definitions.
#include "analysis/run_metrics.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace opgsim::analysis {

const char* to_string(Role r) {
  switch (r) {
    case Role::Inference: return "inference";
    case Role::Router: return "router";
    case Role::Verifier: return "verifier";
  }
  return "?";
}

RunMetrics::RunMetrics(const MetricsConfig& config) : cfg_(config) {
  const auto n = static_cast<std::size_t>(std::ceil(cfg_.horizon_s / cfg_.window_s - 1e-9));
  windows_.resize(std::max<std::size_t>(n, 1));
  in_system_last_ = cfg_.warmup_s;
}

std::size_t RunMetrics::window_of(double t) const {
  const auto w = static_cast<std::size_t>(std::max(0.0, t) / cfg_.window_s);
  return std::min(w, windows_.size() - 1);
}

bool RunMetrics::measured(const RequestTimes& t) const {
  return t.submit >= cfg_.warmup_s && t.submit < cfg_.duration_s;
}

// Accumulates the number in system over the Little's-law window up to `now`.
void RunMetrics::advance_in_system(double now) {
  const double t = std::clamp(now, cfg_.warmup_s, cfg_.duration_s);
  if (t > in_system_last_) {
    in_system_integral_ += static_cast<double>(in_system_) * (t - in_system_last_);
    in_system_last_ = t;
  }
}

void RunMetrics::on_submit(double now) {
  advance_in_system(now);
  ++in_system_;
  ++submitted_;
  ++windows_[window_of(now)].arrivals;
  if (now >= cfg_.warmup_s && now < cfg_.duration_s) ++measured_submitted_;
}

void RunMetrics::close_latency_window(std::size_t upto) {
  while (latency_window_ < upto) {
    Window& w = windows_[latency_window_];
    w.latency_p50 = window_latency_.quantile(0.5);
    w.latency_p99 = window_latency_.quantile(0.99);
    w.finality_p99 = window_finality_.quantile(0.99);
    // clear() sweeps every bucket: skip it for the (many) windows nothing was added to.
    if (window_latency_.count() > 0) window_latency_.clear();
    if (window_finality_.count() > 0) window_finality_.clear();
    ++latency_window_;
  }
}

void RunMetrics::on_terminal(double now, double end, Outcome outcome, const RequestTimes& t,
                             std::uint32_t output_tokens) {
  advance_in_system(now);
  --in_system_;
  // The request left the system at `end`, not `now`: take back what was counted in between.
  const double lo = std::clamp(end, cfg_.warmup_s, cfg_.duration_s);
  const double hi = std::clamp(now, cfg_.warmup_s, cfg_.duration_s);
  in_system_integral_ -= (hi - lo);

  const int o = static_cast<int>(outcome);
  ++counts_[o];
  ++terminal_total_;
  // Unfinished requests are still in flight when the run stops: the last row shows them.
  if (outcome != Outcome::Unfinished) ++windows_[window_of(end)].ended[o];

  // What the user sees ends with the result; an engine that does not set it ends it at `end`.
  const double result = t.result >= 0 ? t.result : end;
  if (outcome == Outcome::Completed) {
    close_latency_window(window_of(end));
    window_latency_.add(result - t.submit);
    if (t.settled >= 0) window_finality_.add(t.settled - t.submit);
  }
  if (!measured(t)) return;
  ++measured_counts_[o];
  ++measured_ended_;
  measured_sojourn_sum_ += end - t.submit;
  if (outcome != Outcome::Completed) return;

  latency_.add(result - t.submit);
  auto stage = [this](Stage s) -> Histogram& { return stages_[static_cast<int>(s)]; };
  // Service can start only once the request is at its node and its data has arrived.
  const double ready = std::max(t.data_ready, t.at_node);
  stage(Stage::Route).add(t.at_node - t.submit - t.central_wait);
  stage(Stage::Data).add(ready - t.at_node);
  stage(Stage::Queue).add(t.central_wait + (t.started - ready));
  stage(Stage::Inference).add(t.done - t.started);
  stage(Stage::Proof).add(t.proof_done - t.done);
  stage(Stage::Respond).add(result - t.proof_done);
  // Background stages, each from the end of the previous one that happened (unset times are
  // negative, so a max over them picks the latest one that is set).
  if (t.stored >= 0) stage(Stage::Storage).add(t.stored - t.proof_done);
  if (t.verified >= 0) stage(Stage::Verify).add(t.verified - (t.stored >= 0 ? t.stored : t.proof_done));
  if (t.settled >= 0) {
    stage(Stage::Settle).add(t.settled - std::max({t.proof_done, t.stored, t.verified}));
    finality_.add(t.settled - t.submit);
  }
  if (t.data_produced >= 0) freshness_.add(t.started - t.data_produced);
  if (cfg_.token_metrics && t.first_token >= 0) {
    ttft_.add(t.first_token - t.submit);
    if (output_tokens > 1) tpot_.add((t.done - t.first_token) / (output_tokens - 1));
  }
}

void RunMetrics::on_window_sample(std::size_t window, const WindowSample& sample) {
  preemptions_ += sample.preemptions;
  if (window < windows_.size()) windows_[window].sample = sample;
}

void RunMetrics::finish(double end_s) {
  advance_in_system(end_s);
  end_s_ = end_s;
  // Rows up to the window that contains end_s; none starting at end_s itself.
  const auto rows = static_cast<std::size_t>(std::max(1.0, std::ceil(end_s / cfg_.window_s - 1e-9)));
  // Anything that happened exactly at end_s belongs to the last row.
  for (std::size_t i = rows; i < windows_.size(); ++i) {
    windows_[rows - 1].arrivals += windows_[i].arrivals;
    for (int o = 0; o < kOutcomeCount; ++o) windows_[rows - 1].ended[o] += windows_[i].ended[o];
  }
  close_latency_window(std::min(rows, windows_.size()));
  windows_.resize(std::min(windows_.size(), rows));
  finished_ = true;
}

namespace {
// Empty: count 0 and every other field 0 (Histogram reports 0 when empty), never null.
nlohmann::json distribution(const Histogram& h) {
  return {{"count", h.count()}, {"mean", h.mean()},       {"p50", h.quantile(0.5)},
          {"p90", h.quantile(0.9)}, {"p99", h.quantile(0.99)}, {"max", h.max()}};
}
}  // namespace

nlohmann::json RunMetrics::summary() const {
  nlohmann::json j;
  auto& req = j["requests"];
  req["submitted"] = submitted_;
  for (int o = 0; o < kOutcomeCount; ++o) req[to_string(static_cast<Outcome>(o))] = counts_[o];
  req["invalid_undetected"] = undetected_invalid_;  // a subset of completed, not a terminal state

  const double span = cfg_.duration_s - cfg_.warmup_s;
  auto& m = j["measured"];
  m["from_s"] = cfg_.warmup_s;
  m["to_s"] = cfg_.duration_s;
  m["submitted"] = measured_submitted_;
  for (int o = 0; o < kOutcomeCount; ++o) m[to_string(static_cast<Outcome>(o))] = measured_counts_[o];
  const auto completed = measured_counts_[static_cast<int>(Outcome::Completed)];
  m["success_ratio"] = measured_submitted_ ? static_cast<double>(completed) / measured_submitted_ : 0.0;

  j["offered_rps"] = span > 0 ? measured_submitted_ / span : 0.0;
  j["throughput_rps"] = span > 0 ? completed / span : 0.0;
  j["latency_s"] = distribution(latency_);
  for (int s = 0; s < kStageCount; ++s) j["stages"][to_string(static_cast<Stage>(s))] = distribution(stages_[s]);
  if (cfg_.token_metrics) {
    j["ttft_s"] = distribution(ttft_);
    j["tpot_s"] = distribution(tpot_);
  }
  if (cfg_.has_settlement) j["finality_s"] = distribution(finality_);
  if (cfg_.has_data) j["freshness_s"] = distribution(freshness_);

  // Utilization per role: the window samples averaged over their overlap with the measured span.
  std::array<double, kRoleCount> util_sum{};
  double util_span = 0;
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    const double t0 = static_cast<double>(i) * cfg_.window_s;
    const double overlap = std::min({t0 + cfg_.window_s, cfg_.duration_s, end_s_}) - std::max(t0, cfg_.warmup_s);
    if (overlap <= 0) continue;
    util_span += overlap;
    for (int r = 0; r < kRoleCount; ++r) util_sum[r] += windows_[i].sample.utilization[r] * overlap;
  }
  auto& util = j["utilization"];
  util["inference"] = util_span > 0 ? util_sum[static_cast<int>(Role::Inference)] / util_span : 0.0;
  if (cfg_.has_router) util["router"] = util_span > 0 ? util_sum[static_cast<int>(Role::Router)] / util_span : 0.0;
  if (cfg_.has_verifier)
    util["verifier"] = util_span > 0 ? util_sum[static_cast<int>(Role::Verifier)] / util_span : 0.0;

  j["preemptions"] = preemptions_;

  // Little's law, L = lambda * W, over the measured window: a check on the engine's bookkeeping.
  const double L = span > 0 ? in_system_integral_ / span : 0.0;
  const double lambda = span > 0 ? measured_submitted_ / span : 0.0;
  const double W = measured_ended_ ? measured_sojourn_sum_ / measured_ended_ : 0.0;
  j["littles_law"] = {{"mean_in_system", L},
                      {"arrival_rate_rps", lambda},
                      {"mean_time_in_system_s", W},
                      {"relative_error", L > 0 ? std::abs(L - lambda * W) / L : 0.0}};
  return j;
}

std::string RunMetrics::timeseries_csv() const {
  std::string out =
      "t_start_s,t_end_s,arrivals,completed,rejected,timed_out,failed,invalid,in_flight,"
      "throughput_rps,latency_p50_s,latency_p99_s,queue_length,utilization_inference,occupancy_inference,"
      "preemptions";
  if (cfg_.has_router) out += ",utilization_router";
  // Always present, whatever the scenario has (zeros for absent roles): a stable schema.
  out += ",verifier_backlog,data_in_flight,storage_in_flight,settlement_pending,blocks,base_fee_gwei,"
         "up_inference,up_verifier,up_data,up_storage,up_validator,utilization_verifier,finality_p99_s";
  out += '\n';
  std::int64_t in_flight = 0;
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    const Window& w = windows_[i];
    const double t0 = static_cast<double>(i) * cfg_.window_s;
    const double t1 = std::min(t0 + cfg_.window_s, std::max(end_s_, t0));
    std::uint64_t ended = 0;
    for (auto e : w.ended) ended += e;
    in_flight += static_cast<std::int64_t>(w.arrivals) - static_cast<std::int64_t>(ended);
    const auto completed = w.ended[static_cast<int>(Outcome::Completed)];
    const double width = t1 - t0;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{:.6g},{:.6g},{:.6g},{},{:.6g},{:.6g},{}", t0, t1, w.arrivals,
                       completed, w.ended[static_cast<int>(Outcome::Rejected)],
                       w.ended[static_cast<int>(Outcome::TimedOut)], w.ended[static_cast<int>(Outcome::Failed)],
                       w.ended[static_cast<int>(Outcome::Invalid)], in_flight, width > 0 ? completed / width : 0.0,
                       w.latency_p50, w.latency_p99, w.sample.queue_length,
                       w.sample.utilization[static_cast<int>(Role::Inference)], w.sample.occupancy_inference,
                       w.sample.preemptions);
    if (cfg_.has_router) out += fmt::format(",{:.6g}", w.sample.utilization[static_cast<int>(Role::Router)]);
    const auto& up = w.sample.nodes_up;
    out += fmt::format(",{},{},{},{},{},{:.6g},{},{},{},{},{},{:.6g},{:.6g}", w.sample.verifier_backlog,
                       w.sample.data_in_flight, w.sample.storage_in_flight, w.sample.settlement_pending,
                       w.sample.blocks, w.sample.base_fee_gwei, up[0], up[1], up[2], up[3], up[4],
                       w.sample.utilization[static_cast<int>(Role::Verifier)], w.finality_p99);
    out += '\n';
  }
  return out;
}

}  // namespace opgsim::analysis
