// Slurm job arrays for sweeps (see slurm.hpp).
#include "analysis/sweep/slurm.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace opgsim::analysis {

namespace fs = std::filesystem;

std::string shell_quote(const std::string& word) {
  std::string q = "'";
  for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::size_t emit_slurm(SweepSpec spec, const std::string& dir, const std::string& binary) {
  const fs::path out = fs::absolute(dir);
  fs::create_directories(out / "logs");
  spec.scenario = fs::absolute(spec.scenario).lexically_normal().string();
  std::ofstream(out / "sweep.json") << to_json(spec).dump(2) << "\n";
  const std::vector<SweepRun> runs = plan_sweep(spec, out.string());
  std::ofstream list(out / "runs.txt");
  for (const SweepRun& run : runs) {
    std::string line;
    for (const std::string& a : run.run_args) {
      if (!line.empty()) line += ' ';
      line += shell_quote(a);
    }
    list << line << "\n";
  }
  list.close();
  std::ofstream task(out / "run_task.sh");
  task << "#!/bin/sh\n"
       << "# One run of the sweep: line $SLURM_ARRAY_TASK_ID (0-based) of runs.txt. Written by opgsim sweep --emit slurm.\n"
       << "set -e\n"
       << ": \"${SLURM_ARRAY_TASK_ID:?set SLURM_ARRAY_TASK_ID (0-based run index)}\"\n"
       << "line=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" " << shell_quote((out / "runs.txt").string()) << ")\n"
       << "[ -n \"$line\" ] || { echo \"no run $SLURM_ARRAY_TASK_ID\" >&2; exit 2; }\n"
       << "eval \"set -- $line\"\n"
       << "# The binary: $OPGSIM_BIN when set (where the compute nodes find it), else the one that wrote this.\n"
       << "if [ -n \"${OPGSIM_BIN:-}\" ]; then exec \"$OPGSIM_BIN\" \"$@\"; fi\n"
       << "exec " << shell_quote(fs::absolute(binary).string()) << " \"$@\"\n";
  task.close();
  fs::permissions(out / "run_task.sh", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add);
  std::ofstream batch(out / "sweep.sbatch");
  batch << "#!/bin/sh\n"
        << "#SBATCH --job-name=opgsim-sweep\n"
        << fmt::format("#SBATCH --array=0-{}\n", runs.size() - 1)
        << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
        // No --mem here: a cluster without node memory configured rejects any request; the
        // cluster's own limits (or --mem=... on the sbatch command line) apply.
        << "# Memory, time and partition: the cluster's defaults, or on the sbatch command line\n"
        << "# (sbatch --mem=2G --time=1:00:00 ...). Another binary: OPGSIM_BIN=/path/opgsim sbatch ...\n"
        << "#SBATCH --output=" << (out / "logs" / "run-%a.log").string() << "\n"
        << "# One opgsim run per array task (SimGrid: one engine per process). When all are done\n"
        << "# (sbatch --wait returns then), collect them (it fails while runs are not finished):\n"
        << "#   " << fs::absolute(binary).string() << " collect " << out.string() << "\n"
        << "exec " << shell_quote((out / "run_task.sh").string()) << "\n";
  return runs.size();
}

}  // namespace opgsim::analysis
