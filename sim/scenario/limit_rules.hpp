// The cross-field size limits of a scenario (totals and products of fields that each stay
// within their own declared range): nodes and client hosts in all, ticks of each periodic
// timer, fault events drawn up front, and the economy's token amounts. Internal to sim/scenario and
// the role schemas; the numbers are scenario_limits.hpp's.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"
#include "sim/config/path.hpp"

namespace opgsim {

// `doc` is the schema-validated scenario (defaults filled). Throws opgsim::InputError
// "<source>: <path>: <what>" naming the field to change, e.g.
//   "a.json: output.window_s: 2000000 windows over duration_s + drain_s (2000 s), more than the
//    1000000 a run keeps; use window_s >= 0.002"
void apply_limit_rules(const nlohmann::json& doc, const config::Origins& origins);

// A periodic timer at `at` with this period ticks (duration_s + drain_s) / period times: at most
// kMaxTicks. `what` names the ticks ("blocks"). Also used by the roles' limit hooks.
void check_ticks(const nlohmann::json& doc, const config::Origins& origins, const config::Path& at, double period,
                 const char* what);

}  // namespace opgsim
