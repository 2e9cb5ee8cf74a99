// Running a sweep's unfinished runs (see sweep_runner.hpp).
#include "analysis/sweep/sweep_runner.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "analysis/io/atomic_file.hpp"
#include "analysis/io/output_folder.hpp"
#include "analysis/io/progress_line.hpp"
#include "analysis/sweep/process_pool.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

namespace {
std::string last_line(const std::string& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}
}  // namespace

SweepRunCounts run_sweep(const SweepSpec& spec, const std::string& dir, const SweepRunOptions& options,
                      std::ostream& out, std::ostream& err) {
  const std::vector<SweepRun> runs = plan_sweep(spec, dir);
  // A folder that already holds a sweep must hold this one: then its finished runs are reused.
  const fs::path sweep_file = fs::path(dir) / "sweep.json";
  const std::string description = to_json(spec).dump(2) + "\n";
  if (fs::exists(sweep_file)) {
    std::ifstream in(sweep_file);
    std::stringstream old;
    old << in.rdbuf();
    if (old.str() != description)
      throw InputError(fmt::format("{}: this folder holds another sweep (its sweep.json differs); use another --out",
                                   sweep_file.string()));
  }
  fs::create_directories(fs::path(dir) / "logs");
  fs::create_directories(fs::path(dir) / "runs");
  write_file_atomically(sweep_file.string(), description);

  const unsigned jobs = std::max(1u, options.jobs);
  std::vector<ChildJob> todo;
  std::vector<const SweepRun*> todo_runs;
  for (const SweepRun& run : runs) {
    if (is_complete(fs::path(dir) / run.dir)) continue;  // finished by an earlier sweep
    todo.push_back({run.run_args, (fs::path(dir) / "logs" / (fs::path(run.dir).filename().string() + ".log")).string()});
    todo_runs.push_back(&run);
  }
  out << fmt::format("sweep: {} points x {} replications = {} runs, {} already done, {} to run with -j {}\n",
                     point_count(spec), spec.replications, runs.size(), runs.size() - todo.size(), todo.size(), jobs);
  out.flush();
  std::size_t failed = 0, done = 0;
  run_children(todo, jobs, [&](std::size_t i, int code) {
    ++done;
    if (code != 0) {
      ++failed;
      err << fmt::format("run {} failed ({}): {}\n", todo_runs[i]->dir, describe_exit(code), last_line(todo[i].log_file));
    }
    if (options.show_progress)
      err << progress_line(fmt::format("  {} / {} runs done", done, todo.size())) << (done == todo.size() ? "\n" : "")
          << std::flush;
  });
  return {todo.size(), failed};
}

}  // namespace opgsim::analysis
