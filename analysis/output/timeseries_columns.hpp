// timeseries.csv declared: one row per window; its core columns (the requests' counts, latency,
// throughput, finality and the router's utilization) are declared here, and each role's columns
// in the role's folder (analysis/output/signal_decl.hpp), handed in by the caller. The file is
// the core columns, then every role's signals in the registry's order. RunMetrics writes the
// file through it, results/README.md documents it from it, and sweeps take their per-window
// signals from it. No SimGrid.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/output/csv_table.hpp"
#include "analysis/output/signal_decl.hpp"
#include "analysis/run_metrics.hpp"

namespace opgsim::analysis::output {

// What one row of timeseries.csv is printed from.
struct TimeseriesRow {
  double t_start_s = 0, t_end_s = 0;
  std::uint64_t arrivals = 0;
  std::array<std::uint64_t, kOutcomeCount> ended{};  // by terminal state, at their end time
  std::int64_t in_flight = 0;
  double throughput_rps = 0;
  double latency_p50_s = 0, latency_p99_s = 0, finality_p99_s = 0;
  RunMetrics::WindowSample sample;
  std::uint64_t delivered = 0;  // answers that reached their client in the window
  double delivered_rps = 0;
  double ttft_p50_s = 0, ttft_p99_s = 0, tpot_p99_s = 0;  // gpu model
};

// What decides the conditional core columns.
struct TimeseriesContext {
  bool has_router = true;
  bool token_metrics = false;  // the gpu model: TTFT and TPOT columns
};

using TimeseriesTable = CsvTable<TimeseriesRow, TimeseriesContext>;
// The core columns, in file order.
const TimeseriesTable& core_timeseries_table();

// The columns of one run's timeseries.csv: the core ones present, then the roles' present signals.
class TimeseriesColumns {
public:
  // role_has_nodes: for each of `roles`, whether the scenario gives it nodes.
  TimeseriesColumns(std::span<const RoleSignals> roles, const std::vector<bool>& role_has_nodes, bool has_router,
                    bool token_metrics = false);
  std::string header() const;  // '\n' included
  void append_row(std::string& out, const TimeseriesRow& row) const;

private:
  TimeseriesContext ctx_;
  std::vector<std::pair<std::size_t, const SignalDecl*>> roles_;  // present role columns: slot, declaration
};

// The file's reference as a Markdown table (results/README.md).
std::string timeseries_markdown(std::span<const RoleSignals> roles);

// A numeric column of timeseries.csv with its unit.
struct SignalColumn {
  std::string_view name;
  std::string_view unit;
};
// Every numeric column of timeseries.csv (all of them are), in file order.
std::vector<SignalColumn> timeseries_numeric_columns(std::span<const RoleSignals> roles);
// The per-window signals a sweep's curve summarizes as `signals.<column>.{mean,max}`.
std::vector<SignalColumn> timeseries_signal_columns(std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis::output
