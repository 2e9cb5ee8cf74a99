// What differs between the settings of two sweeps (their sweep.json): the scenario file, the
// swept parameters and their values, replications, fixed overrides (--set, key by key), seed
// and SimGrid options. `opgsim compare` prints it, so that a "regression" between curves made
// with different durations or loads is read as what it is. No SimGrid.
#pragma once

#include <string>
#include <vector>

#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::analysis {

// One line per difference, "<what>: <baseline's> vs <current's>", in a fixed order; empty when
// the two sweeps were made alike.
std::vector<std::string> settings_differences(const SweepSpec& baseline, const SweepSpec& current);

}  // namespace opgsim::analysis
