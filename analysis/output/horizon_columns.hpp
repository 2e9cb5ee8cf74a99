// timeseries.csv of a long-horizon run (scenario `horizon`, sim/horizon/) declared: one row per
// period instead of one per output window, with the period's operating point, where its
// performance came from and what it was. No SimGrid.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/output/csv_table.hpp"

namespace opgsim::analysis::output {

struct HorizonRow {
  double t_start_s = 0, t_end_s = 0;
  double offered_rps = 0;                      // the economy's request rate in the period
  double rate_lo_rps = 0, rate_hi_rps = 0;     // the grid points whose windows gave its performance
  std::string perf_source;                     // measured, reused, interpolated or idle
  std::uint64_t active_users = 0, active_operators = 0, active_nodes = 0;
  std::uint64_t window_faults = 0;             // fault events in its window
  std::uint64_t offered = 0, completed = 0, failed = 0, slow = 0;
  double throughput_rps = 0, completed_fraction = 0;
  double latency_p50_s = 0, latency_p99_s = 0, ttft_p99_s = 0;
};

struct HorizonContext {};  // every column is always present

using HorizonTable = CsvTable<HorizonRow, HorizonContext>;
const HorizonTable& horizon_table();

}  // namespace opgsim::analysis::output
