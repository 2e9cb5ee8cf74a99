// The long-horizon mode (scenario `horizon`; sim/ARCHITECTURE.md "Long horizon"): the Economy
// steps one period at a time without SimGrid, and each period's network performance comes from
// request-level windows (window_scenario.hpp, window_runner.hpp) at the period's operating point:
// the economy's request rate on the rate grid (rate_grid.hpp; between two points, interpolated),
// the active nodes of each role, the faults that overlap the period. The period's traffic then
// enters the economy in aggregate (Economy::ingest_aggregate), whose decisions (operators leave or
// join, users churn and arrive, vesting, governance, price) set the next period's point.
#pragma once

#include "sim/engine/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::horizon {

// The same outputs as a request-level run: summary.json (with its `horizon` block),
// timeseries.csv (one row per period, analysis/output/horizon_columns.hpp), ledger.csv,
// accounts.csv, events.csv. Throws std::runtime_error when a window's run fails.
engine::RunOutput run_horizon(const Scenario& scenario);

}  // namespace opgsim::horizon
