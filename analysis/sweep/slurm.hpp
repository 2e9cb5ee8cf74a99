// A sweep for a cluster: `opgsim sweep ... --emit slurm --out DIR` writes a Slurm job-array script and
// the runs' inputs into DIR instead of running them; each array task runs one point-replication
// (`opgsim run`, one engine per process as SimGrid wants), and `opgsim collect DIR` merges what
// finished into curve.csv, exactly as a local sweep does.
#pragma once

#include <string>

#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::analysis {

// Writes DIR/sweep.json, DIR/runs.txt (one line per run: its `opgsim run` arguments, shell-quoted),
// DIR/run_task.sh (runs the line of $SLURM_ARRAY_TASK_ID; usable by hand with that variable set)
// and DIR/sweep.sbatch (#SBATCH --array=0-(N-1); no memory request, which a cluster without node
// memory configured would reject). Paths are made absolute so the array can run from any folder
// of a shared file system; run_task.sh runs $OPGSIM_BIN when set, else `binary`. Returns the
// number of runs.
std::size_t emit_slurm(SweepSpec spec, const std::string& dir, const std::string& binary);

// Shell-quotes one word for sh ('...' with embedded quotes escaped).
std::string shell_quote(const std::string& word);

}  // namespace opgsim::analysis
