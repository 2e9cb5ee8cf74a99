// Runs child processes of this binary, at most `jobs` at once (SimGrid allows one engine per
// process, so every simulation of a sweep or a capacity search is its own process). Each child's
// stdout and stderr go to its own log file.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace opgsim::analysis {

struct ChildJob {
  std::vector<std::string> args;  // after the program name, e.g. {"run", "s.json", "--quiet", ...}
  std::string log_file;           // stdout and stderr of the child
};

// The path of the running opgsim binary (/proc/self/exe).
std::string self_executable();

// Runs one job and waits for it alone (safe to call from several threads at once); its exit code
// (-N: killed by signal N).
int run_child(const ChildJob& job);

// "exit 2", or "killed by signal 9 (SIGKILL)" for a negative code (see run_children).
std::string describe_exit(int code);

// Runs every job, `jobs` at a time (>= 1), and returns each job's exit code (-N: killed by
// signal N). While it runs, SIGINT and SIGTERM stop every running child (SIGTERM) before this
// process exits with 128 + the signal: an interrupted sweep leaves no simulation behind. on_done(index, exit_code) is called as each one finishes, in finishing order. It
// waits for any child: do not run it alongside other children of this process.
std::vector<int> run_children(const std::vector<ChildJob>& todo, unsigned jobs,
                              const std::function<void(std::size_t, int)>& on_done = {});

}  // namespace opgsim::analysis
