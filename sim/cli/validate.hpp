// `opgsim validate`: everything a run would check before simulating (the scenario, the GPU
// catalog entries it names, its trace file), without running SimGrid.
#pragma once

#include <string>

#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

// A short human-readable description of the valid scenario; throws opgsim::InputError.
std::string check_inputs(const Scenario& scenario);

}  // namespace opgsim::cli
