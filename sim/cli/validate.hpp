// `opgsim validate`: the description of a scenario that passed run's whole preparation
// (sim/engine/prepare_run.hpp: the scenario, its trace, faults, profile and catalog entries),
// without starting SimGrid.
#pragma once

#include <string>

#include "sim/engine/prepare_run.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

// A short human-readable description of the prepared scenario.
std::string describe_inputs(const Scenario& scenario, const engine::PreparedRun& prepared);

}  // namespace opgsim::cli
