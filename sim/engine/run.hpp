// One simulation run: builds SimGrid's engine and platform from a scenario, starts one actor
// per node (clients, router, the roles' nodes) plus the probe, runs to the end of the drain,
// ends every request still in flight, and returns what the output files need.
// SimGrid allows one engine per process: call run_scenario once per process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine/prepare_run.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

struct RunOutput {
  nlohmann::json summary;      // summary.json
  std::string timeseries_csv;  // timeseries.csv
  std::string ledger_csv;      // ledger.csv (economy only; empty: not written)
  std::string accounts_csv;    // accounts.csv (economy only; empty: not written)
  std::string events_csv;      // events.csv (economy only; empty: not written)
  std::uint64_t events = 0;    // actor activations handled (messages and timers)
  double sim_end_s = 0;        // simulated time at which the run stopped
  double run_wall_s = 0;       // wall-clock time of the engine's run (not of set-up)
  bool invariants_ok = false;
};

// `prepared` is prepare_run(scenario): inputs are read and checked before the engine starts.
// `cfgs` are SimGrid options, "key:value" (opgsim run --cfg=key:value; sim/engine/engine_setup.hpp).
RunOutput run_scenario(const Scenario& scenario, PreparedRun prepared, bool show_progress,
                       const std::vector<std::string>& cfgs = {});

}  // namespace opgsim::engine
