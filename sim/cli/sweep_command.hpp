// `opgsim sweep` and `opgsim collect`, thin adapters: check that every point's scenario loads,
// then hand the sweep to analysis/sweep/ (plan, Slurm emission or local runs, curve.csv).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::cli {

struct SweepArgs {
  std::string scenario;
  std::vector<std::string> params;   // "dotted.path=v1,v2,..."
  bool zip = false;
  std::vector<std::string> zip_groups;  // "path,path": --param paths zipped together (--zip-group)
  std::uint32_t replications = 1;
  unsigned jobs = 1;
  std::string out;                   // default results/sweeps/<scenario name>
  std::vector<std::string> sets;
  std::vector<std::string> cfgs;  // SimGrid options for every run, "key:value"
  std::int64_t seed = -1;
  std::vector<std::string> metrics;  // extra summary.json paths for the curve
  std::string emit;                  // "slurm": write the job array instead of running
};

int cmd_sweep(const SweepArgs& a);
// Loads the scenario at every point of the sweep (InputError at the first bad one), so that bad
// input stops a sweep or a sensitivity study before anything runs.
void load_every_point(const analysis::SweepSpec& spec);
// Writes DIR/curve.csv from the finished runs; exit code 1 (after writing it) when some are not finished.
int cmd_collect(const std::string& dir, const std::vector<std::string>& metrics);

}  // namespace opgsim::cli
