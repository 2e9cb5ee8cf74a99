// load_scenario for a scenario already in memory: the fuzz target (tests/fuzz/) feeds it bytes
// without a file per input. Kept out of scenario.hpp, which nearly everything includes.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace opgsim {

// Exactly load_scenario(file, sets) when `text` is the contents of `file`: `file` names the
// document in messages and anchors its relative paths ("extends", traces, catalogs). Throws
// opgsim::InputError (one line).
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const std::vector<std::string>& sets);

}  // namespace opgsim
