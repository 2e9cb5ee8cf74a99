// The sweep and collect commands (see sweep_command.hpp).
#include "sim/cli/sweep_command.hpp"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "analysis/sweep/curve_writer.hpp"
#include "analysis/sweep/process_pool.hpp"
#include "analysis/sweep/slurm.hpp"
#include "analysis/sweep/sweep_plan.hpp"
#include "analysis/sweep/sweep_runner.hpp"
#include "models/common/input_error.hpp"
#include "sim/cli/metric_paths.hpp"
#include "sim/engine/engine_setup.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

void load_every_point(const analysis::SweepSpec& spec) {
  for (std::size_t point = 0; point < analysis::point_count(spec); ++point) {
    std::vector<std::string> sets = spec.sets;
    const auto values = analysis::point_values(spec, point);
    for (std::size_t k = 0; k < spec.params.size(); ++k) sets.push_back(spec.params[k].path + "=" + values[k]);
    load_scenario(spec.scenario, sets);
  }
}

int cmd_sweep(const SweepArgs& a) {
  analysis::SweepSpec spec;
  spec.scenario = a.scenario;
  for (const std::string& p : a.params) spec.params.push_back(analysis::parse_param(p));
  spec.zip = a.zip;
  if (a.zip && !a.zip_groups.empty())
    throw InputError("--zip pairs every --param; give either it or --zip-group, not both");
  for (const std::string& g : a.zip_groups) spec.zip_groups.push_back(analysis::parse_zip_group(g));
  check_metric_paths(a.metrics, "--metric");
  spec.replications = std::max(1u, a.replications);
  spec.sets = a.sets;
  if (a.seed >= 0) spec.sets.push_back(fmt::format("seed={}", a.seed));
  // Every point must load before anything runs: bad input stops the sweep with nothing written.
  const Scenario base = load_scenario(spec.scenario, spec.sets);
  spec.base_seed = base.seed;
  spec.cfgs = a.cfgs;
  engine::check_cfgs(base, spec.cfgs);
  const std::string dir = a.out.empty() ? "results/sweeps/" + base.name : a.out;
  analysis::plan_sweep(spec, dir);  // zipped lists of different lengths are bad input too
  load_every_point(spec);
  if (a.emit == "slurm") {
    const std::size_t n = analysis::emit_slurm(spec, dir, analysis::self_executable());
    std::cout << fmt::format("wrote a Slurm array of {} runs in {}: sbatch --wait {}/sweep.sbatch, then opgsim collect {}\n",
                             n, dir, dir, dir);
    return 0;
  }
  const analysis::SweepRunCounts counts =
      analysis::run_sweep(spec, dir, {a.jobs, ::isatty(STDERR_FILENO) != 0}, std::cout, std::cerr);
  std::cout << analysis::write_curve(spec, dir, a.metrics, role_signals());
  if (counts.failed > 0) {
    std::cerr << fmt::format("error: {} of {} runs failed; see {}/logs (re-running the sweep retries them)\n",
                             counts.failed, counts.ran, dir);
    return 1;
  }
  return 0;
}

int cmd_collect(const std::string& dir, const std::vector<std::string>& metrics) {
  check_metric_paths(metrics, "--metric");
  const analysis::SweepSpec spec = analysis::read_sweep_spec(dir);
  std::size_t not_finished = 0;
  std::cout << analysis::write_curve(spec, dir, metrics, role_signals(), &not_finished);
  // Unfinished runs (a Slurm array still running, or runs that failed) fail the command, so that
  // `collect && analyze` never goes on with a partial curve.
  if (not_finished > 0) {
    std::cerr << fmt::format("error: {} of {} runs not finished (see {}/logs); curve.csv holds the finished ones: "
                             "collect again when they are (sbatch --wait returns when an array is done)\n",
                             not_finished, analysis::point_count(spec) * spec.replications, dir);
    return 1;
  }
  return 0;
}

}  // namespace opgsim::cli
