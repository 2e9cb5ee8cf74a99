// manifest.json: how a run was made (resolved scenario, seed, versions, command line) and what
// it cost (wall time, peak memory, events). Its wall-clock fields are the only ones that differ
// between two runs of the same scenario and seed.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/engine/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

nlohmann::json make_manifest(const Scenario& scenario, const engine::RunOutput& run, const std::string& command_line,
                             double total_wall_s);

// Peak resident memory of this process so far, in bytes.
long peak_rss_bytes();

}  // namespace opgsim::cli
