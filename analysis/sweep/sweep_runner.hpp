// Runs a planned sweep on this machine: checks that the folder holds no other sweep, records
// the sweep in DIR/sweep.json, skips the runs an earlier (interrupted) sweep finished, and runs
// the others as child processes of this binary, -j at a time (SimGrid: one engine per process).
// The scenario is loaded by the caller (the sim layer), which passes in what it learned.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::analysis {

struct SweepRunOptions {
  unsigned jobs = 1;
  bool show_progress = false;  // "N / M runs done" on `err`, rewritten in place
};

struct SweepRunCounts {
  std::size_t ran = 0;     // runs started now (the others were finished before)
  std::size_t failed = 0;  // of those, runs that exited non-zero
};

// Prints the plan on `out` and every failed run (with its log's last line) on `err`. Throws
// InputError when DIR/sweep.json describes another sweep.
SweepRunCounts run_sweep(const SweepSpec& spec, const std::string& dir, const SweepRunOptions& options,
                      std::ostream& out, std::ostream& err);

}  // namespace opgsim::analysis
