// timeseries.csv declared: one row per window, its columns declared once (name, unit, doc, when
// present, value). RunMetrics writes the file through it, results/README.md documents it from
// it, and sweeps take their per-window signals from it. No SimGrid.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/output/csv_table.hpp"
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
};

// What decides the conditional columns.
struct TimeseriesContext {
  bool has_router = true;
  bool has_prover = false;
};

using TimeseriesTable = CsvTable<TimeseriesRow, TimeseriesContext>;
const TimeseriesTable& timeseries_table();

// A numeric column of timeseries.csv with its unit.
struct SignalColumn {
  std::string_view name;
  std::string_view unit;
};
// Every numeric column of timeseries.csv (all of them are), in file order.
std::vector<SignalColumn> timeseries_numeric_columns();
// The per-window signals a sweep's curve summarizes as `signals.<column>.{mean,max}`.
std::vector<SignalColumn> timeseries_signal_columns();

}  // namespace opgsim::analysis::output
