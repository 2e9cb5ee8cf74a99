// The sweep and collect commands (see sweep_command.hpp).
#include "sim/cli/sweep_command.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "sim/cli/process_pool.hpp"
#include "sim/cli/slurm.hpp"
#include "sim/cli/sweep_collect.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

namespace fs = std::filesystem;

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  fs::rename(tmp, path);
}

namespace {

std::string last_line(const std::string& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

// The curve of the finished runs, written to DIR/curve.csv, and a short table on stdout.
int write_curve(const SweepSpec& spec, const std::string& dir, const std::vector<std::string>& metrics) {
  std::vector<std::string> missing;
  const analysis::Curve curve = collect_curve(spec, dir, metrics, missing);
  write_file_atomically((fs::path(dir) / "curve.csv").string(), analysis::to_csv(curve));
  const auto col = [&](const char* m) -> std::ptrdiff_t {
    const auto it = std::find(curve.metric_names.begin(), curve.metric_names.end(), m);
    return it == curve.metric_names.end() ? -1 : it - curve.metric_names.begin();
  };
  std::cout << fmt::format("{:>4}  {:<28} {:>22} {:>22} {:>22}\n", "pt", "parameters", "throughput (rps)",
                           "latency p99 (s)", "success ratio");
  for (std::size_t p = 0; p < curve.points.size(); ++p) {
    std::string params;
    for (std::size_t k = 0; k < curve.param_names.size(); ++k) params += (k ? " " : "") + curve.points[p].params[k];
    const auto cell = [&](std::ptrdiff_t c) {
      if (c < 0 || curve.points[p].metrics[c].n == 0) return std::string("-");
      const auto& e = curve.points[p].metrics[c];
      return fmt::format("{:.4g} ± {:.2g}", e.mean, e.ci95);
    };
    std::cout << fmt::format("{:>4}  {:<28} {:>22} {:>22} {:>22}\n", p, params, cell(col("throughput_rps")),
                             cell(col("latency_s.p99")), cell(col("measured.success_ratio")));
  }
  std::cout << fmt::format("curve: {}/curve.csv ({} points, {} metrics){}\n", dir, curve.points.size(),
                           curve.metric_names.size(),
                           missing.empty() ? "" : fmt::format("; {} runs not finished", missing.size()));
  return 0;
}

}  // namespace

int cmd_sweep(const SweepArgs& a) {
  SweepSpec spec;
  spec.scenario = a.scenario;
  for (const std::string& p : a.params) spec.params.push_back(parse_param(p));
  spec.zip = a.zip;
  spec.replications = std::max(1u, a.replications);
  spec.sets = a.sets;
  if (a.seed >= 0) spec.sets.push_back(fmt::format("seed={}", a.seed));
  // Every point must load before anything runs: bad input stops the sweep with nothing written.
  const Scenario base = load_scenario(spec.scenario, spec.sets);
  spec.base_seed = base.seed;
  const std::string dir = a.out.empty() ? "results/sweeps/" + base.name : a.out;
  const std::vector<SweepRun> runs = plan_sweep(spec, dir);
  for (std::size_t point = 0; point < point_count(spec); ++point) {
    std::vector<std::string> sets = spec.sets;
    const auto values = point_values(spec, point);
    for (std::size_t k = 0; k < spec.params.size(); ++k) sets.push_back(spec.params[k].path + "=" + values[k]);
    load_scenario(spec.scenario, sets);
  }
  if (a.emit == "slurm") {
    const std::size_t n = emit_slurm(spec, dir, self_executable());
    std::cout << fmt::format("wrote a Slurm array of {} runs in {}: sbatch {}/sweep.sbatch, then opgsim collect {}\n",
                             n, dir, dir, dir);
    return 0;
  }

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

  std::vector<ChildJob> todo;
  std::vector<const SweepRun*> todo_runs;
  for (const SweepRun& run : runs) {
    if (fs::exists(fs::path(dir) / run.dir / "summary.json")) continue;  // finished by an earlier sweep
    todo.push_back({run.run_args, (fs::path(dir) / "logs" / (fs::path(run.dir).filename().string() + ".log")).string()});
    todo_runs.push_back(&run);
  }
  std::cout << fmt::format("sweep: {} points x {} replications = {} runs, {} already done, {} to run with -j {}\n",
                           point_count(spec), spec.replications, runs.size(), runs.size() - todo.size(), todo.size(),
                           std::max(1u, a.jobs));
  std::size_t failed = 0, done = 0;
  const bool show_progress = ::isatty(STDERR_FILENO) != 0;
  run_children(todo, std::max(1u, a.jobs), [&](std::size_t i, int code) {
    ++done;
    if (code != 0) {
      ++failed;
      std::cerr << fmt::format("run {} failed (exit {}): {}\n", todo_runs[i]->dir, code, last_line(todo[i].log_file));
    }
    if (show_progress)
      std::cerr << fmt::format("\r  {} / {} runs done", done, todo.size()) << (done == todo.size() ? "\n" : "")
                << std::flush;
  });
  write_curve(spec, dir, a.metrics);
  if (failed > 0) {
    std::cerr << fmt::format("error: {} of {} runs failed; see {}/logs (re-running the sweep retries them)\n", failed,
                             todo.size(), dir);
    return 1;
  }
  return 0;
}

int cmd_collect(const std::string& dir, const std::vector<std::string>& metrics) {
  const fs::path sweep_file = fs::path(dir) / "sweep.json";
  std::ifstream in(sweep_file);
  if (!in) throw InputError(fmt::format("{}: no sweep here (opgsim sweep writes sweep.json)", sweep_file.string()));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: malformed JSON ({})", sweep_file.string(), e.what()));
  }
  return write_curve(sweep_from_json(j, sweep_file.string()), dir, metrics);
}

}  // namespace opgsim::cli
