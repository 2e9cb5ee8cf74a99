// Running a model's own config check from a scenario rule, so its error names the scenario key.
// Internal to sim/scenario and the role schemas (sim/roles/<role>/<role>_schema.cpp).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "sim/config/origins.hpp"
#include "sim/config/path.hpp"

namespace opgsim {

// Runs `check` and reports its InputError ("<prefix><key>: <what>") at the scenario path of that
// key: `at` plus the key, renamed by `rename` when the model and the scenario spell it
// differently (a renamed key may be a dotted path below `at`; "" is `at`).
void model_check(const std::function<void()>& check, const std::string& prefix, const config::Path& at,
                 const std::map<std::string, std::string>& rename, const config::Origins& origins);

}  // namespace opgsim
