// `opgsim sweep` and `opgsim collect`: run every point and replication of a parameter sweep, each
// in its own process, reuse the runs a previous (interrupted) sweep finished, and write the curve
// (curve.csv: mean and 95 % CI of every metric per point).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opgsim::cli {

struct SweepArgs {
  std::string scenario;
  std::vector<std::string> params;   // "dotted.path=v1,v2,..."
  bool zip = false;
  std::uint32_t replications = 1;
  unsigned jobs = 1;
  std::string out;                   // default results/sweeps/<scenario name>
  std::vector<std::string> sets;
  std::int64_t seed = -1;
  std::vector<std::string> metrics;  // extra summary.json paths for the curve
  std::string emit;                  // "slurm": write the job array instead of running
};

int cmd_sweep(const SweepArgs& a);
int cmd_collect(const std::string& dir, const std::vector<std::string>& metrics);

// Writes `text` to `path` atomically (a temporary file renamed over it).
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace opgsim::cli
