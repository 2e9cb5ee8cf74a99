// `opgsim run` and `opgsim validate`: both load the scenario and prepare the run the same way
// (sim/engine/prepare_run.hpp), so validate accepts exactly what run accepts. Run then opens
// its output folder (a path it cannot write is bad input, found before simulating), runs the
// engine and commits the folder as a whole (analysis/io/output_folder.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opgsim::cli {

struct RunArgs {
  std::string scenario;
  std::string out;
  std::vector<std::string> sets;
  std::vector<std::string> cfgs;  // SimGrid options, "key:value" (run only)
  std::int64_t seed = -1;
  bool quiet = false;
  std::string policy_fd;  // "IN,OUT": a user policy over a pipe (run only; sim/engine/external_policy.hpp)
};

int cmd_run(const RunArgs& a, const std::string& command_line);
int cmd_validate(const RunArgs& a);

}  // namespace opgsim::cli
