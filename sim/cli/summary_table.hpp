// The short table `opgsim run` prints on stdout when a run ends.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace opgsim::cli {

std::string summary_table(const nlohmann::json& summary, const nlohmann::json& manifest, const std::string& out_dir);

}  // namespace opgsim::cli
