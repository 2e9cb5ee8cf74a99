// `opgsim sensitivity` and `opgsim eval-function`, thin adapters over analysis/sensitivity: the
// design becomes a zipped sweep (run locally or emitted for Slurm like any sweep), and the indices
// are computed from its curve. eval-function evaluates an analytic test function as if it were a
// run, so that a study of it exercises the same path and its known indices check the method.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opgsim::cli {

struct SensitivityArgs {
  std::string target;                 // scenario file (or test function name with --function)
  bool function = false;
  std::vector<std::string> factors;   // "path=lo:hi[:log][:int][@group]"
  std::vector<std::string> groups;    // "name=path1,path2" (another way to give factors a group)
  bool groups_only = false;           // Sobol: indices of the groups only, N (groups + 2) runs
  std::vector<std::string> outcomes;  // summary.json paths
  std::string method = "sobol";
  std::size_t samples = 64;
  std::uint32_t levels = 4;
  std::uint32_t replications = 1;
  std::uint32_t bootstrap = 200;
  std::uint64_t design_seed = 1;
  unsigned jobs = 1;
  std::string out;
  std::vector<std::string> sets;
  std::vector<std::string> cfgs;  // SimGrid options for every run, "key:value"
  std::int64_t seed = -1;
  std::string emit;
};

int cmd_sensitivity(const SensitivityArgs& a);

struct EvalFunctionArgs {
  std::string name;
  std::vector<std::string> sets;  // "x1=0.5"
  std::string out;
};

int cmd_eval_function(const EvalFunctionArgs& a);

// `opgsim collect` on a study folder: the curve, then the indices.
bool is_sensitivity_folder(const std::string& dir);
int collect_sensitivity(const std::string& dir);

}  // namespace opgsim::cli
