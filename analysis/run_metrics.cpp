// RunMetrics: see run_metrics.hpp for the metric definitions.
#include "analysis/run_metrics.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "analysis/output/timeseries_columns.hpp"

namespace opgsim::analysis {

RunMetrics::RunMetrics(const MetricsConfig& config) : cfg_(config), slots_(signal_slots(cfg_.roles)) {
  cfg_.role_has_nodes.resize(cfg_.roles.size(), false);
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
    w.ttft_p50 = window_ttft_.quantile(0.5);
    w.ttft_p99 = window_ttft_.quantile(0.99);
    w.tpot_p99 = window_tpot_.quantile(0.99);
    // clear() sweeps every bucket: skip it for the (many) windows nothing was added to.
    if (window_latency_.count() > 0) window_latency_.clear();
    if (window_finality_.count() > 0) window_finality_.clear();
    if (window_ttft_.count() > 0) window_ttft_.clear();
    if (window_tpot_.count() > 0) window_tpot_.clear();
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
  // Delivered: the user has the answer, whether or not its background stages are over.
  const bool delivered = outcome == Outcome::Completed || (outcome == Outcome::Unfinished && t.result >= 0);
  if (delivered) ++windows_[window_of(result)].delivered;
  const bool tokens = cfg_.token_metrics && t.first_token >= 0;
  if (outcome == Outcome::Completed) {
    close_latency_window(window_of(end));
    window_latency_.add(result - t.submit);
    if (t.settled >= 0) window_finality_.add(t.settled - t.submit);
    if (tokens) {
      window_ttft_.add(t.first_token - t.submit);
      if (output_tokens > 1) window_tpot_.add((t.done - t.first_token) / (output_tokens - 1));
    }
  }
  if (!measured(t)) return;
  if (delivered) ++measured_delivered_;
  ++measured_counts_[o];
  ++measured_ended_;
  measured_sojourn_sum_ += end - t.submit;
  if (outcome != Outcome::Completed) return;

  latency_.add(result - t.submit);
  if (cfg_.slow_latency_s > 0 && result - t.submit > cfg_.slow_latency_s) ++measured_slow_;
  auto stage = [this](Stage s) -> Histogram& { return stages_[static_cast<int>(s)]; };
  // Service can start only once the request is at its node and its data has arrived.
  const double ready = std::max(t.data_ready, t.at_node);
  stage(Stage::Route).add(t.at_node - t.submit - t.central_wait);
  stage(Stage::Data).add(ready - t.at_node);
  stage(Stage::Queue).add(t.central_wait + (t.started - ready));
  stage(Stage::Inference).add(t.done - t.started);
  stage(Stage::Proof).add(t.proof_done - t.done);
  stage(Stage::Deliver).add(result - t.proof_done);
  // Background stages, each from the end of the previous one that happened (unset times are
  // negative, so a max over them picks the latest one that is set).
  if (t.stored >= 0) stage(Stage::Storage).add(t.stored - t.proof_done);
  if (t.verified >= 0) stage(Stage::Verify).add(t.verified - (t.stored >= 0 ? t.stored : t.proof_done));
  if (t.settled >= 0) {
    stage(Stage::Settle).add(t.settled - std::max({t.proof_done, t.stored, t.verified}));
    finality_.add(t.settled - t.submit);
  }
  if (t.data_produced >= 0) freshness_.add(t.started - t.data_produced);
  if (tokens) {
    ttft_.add(t.first_token - t.submit);
    if (output_tokens > 1) tpot_.add((t.done - t.first_token) / (output_tokens - 1));
  }
}

void RunMetrics::on_window_sample(std::size_t window, const WindowSample& sample) {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].decl->summary == SignalSummary::RunTotal) totals_[i] += static_cast<std::uint64_t>(sample.values[i]);
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
    windows_[rows - 1].delivered += windows_[i].delivered;
  }
  close_latency_window(std::min(rows, windows_.size()));
  windows_.resize(std::min(windows_.size(), rows));
  finished_ = true;
}

nlohmann::json RunMetrics::summary() const {
  // Through the declared fields (analysis/output/summary_fields.cpp): an undeclared key throws.
  output::JsonWriter j(output::summary_fields());
  j.set("requests.submitted", submitted_);
  for (int o = 0; o < kOutcomeCount; ++o) j.set(fmt::format("requests.{}", to_string(static_cast<Outcome>(o))), counts_[o]);
  j.set("requests.invalid_undetected", undetected_invalid_);  // a subset of completed, not a terminal state

  const double span = cfg_.duration_s - cfg_.warmup_s;
  j.set("measured.from_s", cfg_.warmup_s);
  j.set("measured.to_s", cfg_.duration_s);
  j.set("measured.submitted", measured_submitted_);
  for (int o = 0; o < kOutcomeCount; ++o)
    j.set(fmt::format("measured.{}", to_string(static_cast<Outcome>(o))), measured_counts_[o]);
  const auto completed = measured_counts_[static_cast<int>(Outcome::Completed)];
  j.set("measured.success_ratio", measured_submitted_ ? static_cast<double>(completed) / measured_submitted_ : 0.0);

  j.set("offered_rps", span > 0 ? measured_submitted_ / span : 0.0);
  j.set("throughput_rps", span > 0 ? completed / span : 0.0);
  j.set("measured.delivered", measured_delivered_);
  j.set("delivered_rps", span > 0 ? measured_delivered_ / span : 0.0);
  j.set_distribution("latency_s", latency_);
  if (cfg_.slow_latency_s > 0) j.set("latency_s.slow", measured_slow_);
  for (int s = 0; s < kStageCount; ++s)
    j.set_distribution(fmt::format("stages.{}", to_string(static_cast<Stage>(s))), stages_[s]);
  if (cfg_.token_metrics) {
    j.set_distribution("ttft_s", ttft_);
    j.set_distribution("tpot_s", tpot_);
  }
  if (cfg_.has_settlement) j.set_distribution("finality_s", finality_);
  if (cfg_.has_data) j.set_distribution("freshness_s", freshness_);

  // The roles' summarized signals: MeasuredMean ones are the window samples averaged over their
  // overlap with the measured span (the router's utilization too), RunTotal ones their sum.
  std::array<double, kMaxRoleSignals> mean_sum{};
  double router_sum = 0;
  double span_sum = 0;
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    const double t0 = static_cast<double>(i) * cfg_.window_s;
    const double overlap = std::min({t0 + cfg_.window_s, cfg_.duration_s, end_s_}) - std::max(t0, cfg_.warmup_s);
    if (overlap <= 0) continue;
    span_sum += overlap;
    router_sum += windows_[i].sample.router_utilization * overlap;
    for (std::size_t k = 0; k < slots_.size(); ++k) mean_sum[k] += windows_[i].sample.values[k] * overlap;
  }
  if (cfg_.has_router) j.set("utilization.router", span_sum > 0 ? router_sum / span_sum : 0.0);
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    const SignalDecl& d = *slots_[k].decl;
    if (!cfg_.role_has_nodes[slots_[k].role]) continue;
    if (d.summary == SignalSummary::MeasuredMean) j.set(d.summary_field, span_sum > 0 ? mean_sum[k] / span_sum : 0.0);
    if (d.summary == SignalSummary::RunTotal) j.set(d.summary_field, totals_[k]);
  }

  // Little's law, L = lambda * W, over the measured window: a check on the engine's bookkeeping.
  const double L = span > 0 ? in_system_integral_ / span : 0.0;
  const double lambda = span > 0 ? measured_submitted_ / span : 0.0;
  const double W = measured_ended_ ? measured_sojourn_sum_ / measured_ended_ : 0.0;
  j.set("littles_law.mean_in_system", L);
  j.set("littles_law.arrival_rate_rps", lambda);
  j.set("littles_law.mean_time_in_system_s", W);
  j.set("littles_law.relative_error", L > 0 ? std::abs(L - lambda * W) / L : 0.0);
  return j.take();
}

std::string RunMetrics::timeseries_csv() const {
  // The columns are declared in analysis/output/timeseries_columns.cpp; this fills one row per window.
  const output::TimeseriesColumns table(cfg_.roles, cfg_.role_has_nodes, cfg_.has_router, cfg_.token_metrics);
  std::string out = table.header();
  output::TimeseriesRow row;
  for (std::size_t i = 0; i < windows_.size(); ++i) {
    const Window& w = windows_[i];
    const double t0 = static_cast<double>(i) * cfg_.window_s;
    const double t1 = std::min(t0 + cfg_.window_s, std::max(end_s_, t0));
    std::uint64_t ended = 0;
    for (auto e : w.ended) ended += e;
    row.in_flight += static_cast<std::int64_t>(w.arrivals) - static_cast<std::int64_t>(ended);
    const auto completed = w.ended[static_cast<int>(Outcome::Completed)];
    const double width = t1 - t0;
    row.t_start_s = t0;
    row.t_end_s = t1;
    row.arrivals = w.arrivals;
    row.ended = w.ended;
    row.throughput_rps = width > 0 ? completed / width : 0.0;
    row.latency_p50_s = w.latency_p50;
    row.latency_p99_s = w.latency_p99;
    row.finality_p99_s = w.finality_p99;
    row.delivered = w.delivered;
    row.delivered_rps = width > 0 ? w.delivered / width : 0.0;
    row.ttft_p50_s = w.ttft_p50;
    row.ttft_p99_s = w.ttft_p99;
    row.tpot_p99_s = w.tpot_p99;
    row.sample = w.sample;
    table.append_row(out, row);
  }
  return out;
}

}  // namespace opgsim::analysis
