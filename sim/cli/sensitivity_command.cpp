// The sensitivity and eval-function commands (see sensitivity_command.hpp).
#include "sim/cli/metric_paths.hpp"
#include "sim/cli/sensitivity_command.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/io/atomic_file.hpp"
#include "analysis/io/output_folder.hpp"
#include "analysis/sensitivity/study.hpp"
#include "analysis/sensitivity/test_functions.hpp"
#include "analysis/sweep/curve_writer.hpp"
#include "analysis/sweep/process_pool.hpp"
#include "analysis/sweep/slurm.hpp"
#include "analysis/sweep/sweep_collect.hpp"
#include "analysis/sweep/sweep_runner.hpp"
#include "models/common/input_error.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/engine/engine_setup.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStudyFile = "sensitivity.json";

// Every point must be valid input before anything runs.
void check_points(const analysis::SensitivitySpec& spec, const analysis::SweepSpec& sweep) {
  if (spec.function) {
    const analysis::TestFunction* f = analysis::find_test_function(spec.target);
    if (f == nullptr) throw InputError(fmt::format("--function {}: no such test function (ishigami, sobol_g)", spec.target));
    if (spec.factors.size() != f->inputs.size())
      throw InputError(fmt::format("--function {}: needs one --factor for each of its {} inputs", spec.target, f->inputs.size()));
    return;
  }
  load_every_point(sweep);
}

std::string indices_of(const analysis::SensitivitySpec& spec, const analysis::SweepSpec& sweep, const std::string& dir) {
  std::vector<std::string> missing;
  const analysis::Curve curve = analysis::collect_curve(sweep, dir, spec.outcomes, missing, role_signals());
  if (!missing.empty())
    throw InputError(fmt::format("{}: {} of the study's runs have not finished (first: {}); re-run it or collect later",
                                 dir, missing.size(), missing.front()));
  return analysis::write_indices(spec, curve, dir);
}

}  // namespace

int cmd_sensitivity(const SensitivityArgs& a) {
  analysis::SensitivitySpec spec;
  spec.target = a.target;
  spec.function = a.function;
  for (const std::string& f : a.factors) spec.factors.push_back(analysis::parse_factor(f));
  for (const std::string& g : a.groups) analysis::assign_group(spec, g);
  spec.groups_only = a.groups_only;
  spec.outcomes = a.outcomes;
  if (!a.function) check_metric_paths(spec.outcomes, "--outcome");
  if (spec.outcomes.empty()) spec.outcomes = {a.function ? "y" : "throughput_rps"};
  spec.method = a.method == "morris" ? analysis::SensitivitySpec::Method::Morris : analysis::SensitivitySpec::Method::Sobol;
  spec.samples = a.samples;
  spec.levels = a.levels;
  spec.replications = std::max(1u, a.replications);
  spec.bootstrap = a.bootstrap;
  spec.design_seed = a.design_seed;
  spec.sets = a.sets;
  if (a.seed >= 0) spec.sets.push_back(fmt::format("seed={}", a.seed));
  std::string name = a.target;
  if (!a.function) {
    const Scenario base = load_scenario(spec.target, spec.sets);
    spec.base_seed = base.seed;
    name = base.name;
    spec.cfgs = a.cfgs;
    engine::check_cfgs(base, spec.cfgs);
  } else if (!a.cfgs.empty()) {
    throw InputError("--cfg: SimGrid options apply to scenario runs, not to --function");
  }
  const analysis::SweepSpec sweep = analysis::study_sweep(spec);
  check_points(spec, sweep);
  const std::string dir = a.out.empty() ? "results/sensitivity/" + name : a.out;
  const fs::path study_file = fs::path(dir) / kStudyFile;
  if (fs::exists(study_file)) {
    std::ifstream in(study_file);
    const auto previous = nlohmann::json::parse(in, nullptr, false);
    if (previous != analysis::to_json(spec))
      throw InputError(fmt::format("{}: this folder holds another sensitivity study; choose another --out", dir));
  }
  fs::create_directories(dir);
  analysis::write_file_atomically(study_file.string(), analysis::to_json(spec).dump(2) + "\n");
  std::cout << fmt::format("{} study: {} factors, {} points\n", a.method, spec.factors.size(), analysis::study_points(spec));
  if (a.emit == "slurm") {
    const std::size_t n = analysis::emit_slurm(sweep, dir, analysis::self_executable());
    std::cout << fmt::format("wrote a Slurm array of {} runs in {}: sbatch {}/sweep.sbatch, then opgsim collect {}\n", n,
                             dir, dir, dir);
    return 0;
  }
  const analysis::SweepRunCounts counts =
      analysis::run_sweep(sweep, dir, {a.jobs, ::isatty(STDERR_FILENO) != 0}, std::cout, std::cerr);
  if (counts.failed > 0) {
    std::cerr << fmt::format("error: {} of {} runs failed; see {}/logs (re-running the study retries them)\n",
                             counts.failed, counts.ran, dir);
    return 1;
  }
  std::cout << indices_of(spec, sweep, dir);
  return 0;
}

bool is_sensitivity_folder(const std::string& dir) { return fs::exists(fs::path(dir) / kStudyFile); }

int collect_sensitivity(const std::string& dir) {
  const fs::path file = fs::path(dir) / kStudyFile;
  std::ifstream in(file);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw InputError(fmt::format("{}: not valid JSON", file.string()));
  const analysis::SensitivitySpec spec = analysis::sensitivity_from_json(j, file.string());
  std::cout << indices_of(spec, analysis::study_sweep(spec), dir);
  return 0;
}

int cmd_eval_function(const EvalFunctionArgs& a) {
  const analysis::TestFunction* f = analysis::find_test_function(a.name);
  if (f == nullptr) throw InputError(fmt::format("eval-function {}: no such test function (ishigami, sobol_g)", a.name));
  std::vector<double> x(f->inputs.size(), std::nan(""));
  nlohmann::json inputs = nlohmann::json::object();
  for (const std::string& s : a.sets) {
    const auto eq = s.find('=');
    const std::string key = s.substr(0, eq);
    const auto it = std::find(f->inputs.begin(), f->inputs.end(), key);
    if (eq == std::string::npos || it == f->inputs.end())
      throw InputError(fmt::format("--set {}: {} takes {}", s, a.name, fmt::join(f->inputs, ", ")));
    char* end = nullptr;
    const std::string text = s.substr(eq + 1);
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !std::isfinite(v)) throw InputError(fmt::format("--set {}: not a finite number", s));
    x[static_cast<std::size_t>(it - f->inputs.begin())] = v;
    inputs[key] = v;
  }
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isnan(x[i])) throw InputError(fmt::format("eval-function {}: --set {}=... is missing", a.name, f->inputs[i]));
  const nlohmann::json summary = {{"function", a.name}, {"y", f->f(x)}};
  const nlohmann::json manifest = {{"command", "eval-function"}, {"inputs", inputs},
                                   {"scenario", {{"warmup_s", 0}, {"duration_s", 0}}}};
  analysis::write_output_files(a.out, {{"summary.json", summary.dump(2) + "\n"},
                                       {"manifest.json", manifest.dump(2) + "\n"},
                                       {"timeseries.csv", "t_start_s,t_end_s\n"}});
  return 0;
}

}  // namespace opgsim::cli
