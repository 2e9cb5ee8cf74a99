// Loading a scenario written to a temporary folder and catching its one-line input error: the
// helper every scenario test that checks an error message uses.
#pragma once

#include <string>
#include <vector>

#include "../config/temp_files.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::testing {

inline std::string load_error(const TempDir& dir, const std::string& text, const std::vector<std::string>& sets = {}) {
  const std::string f = dir.write("s.json", text);
  return input_error([&] { load_scenario(f, sets); });
}

}  // namespace opgsim::testing
