// Everything a run reads and checks before SimGrid starts: the trace file, the fault schedule,
// and what each role prepares (the routed nodes' calibration profile, service models and the
// catalog entries they name). `opgsim run` and `opgsim validate` both call prepare_run, so validate accepts exactly
// what run accepts; run then hands the result to run_scenario, validate only describes it.
// No SimGrid here: a bad input is found in a second, not after building the platform.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "models/faults/fault_schedule.hpp"
#include "models/service/service_model.hpp"
#include "models/workload/arrivals.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::engine {

struct PreparedRun {
  std::optional<workload::Trace> trace;          // the trace's rows, for trace arrivals
  std::vector<faults::FaultEvent> faults;        // the whole schedule, in time order
  // The routed role's (its RoleRuntime::prepare fills them):
  service::ServiceSpec node_spec;                // its service with the profile applied
  std::vector<std::unique_ptr<service::ServiceModel>> models;  // one per routed node
  std::vector<double> front_end_s;               // per routed node: its front end's request_overhead_s
  double model_bytes = 0;                        // weights a cold node reads (cold start only)
  bool token_metrics = false;                    // its nodes report TTFT and TPOT (gpu service)
};

// Throws opgsim::InputError (one line) for anything a run would reject before simulating.
PreparedRun prepare_run(const Scenario& s);

}  // namespace opgsim::engine
