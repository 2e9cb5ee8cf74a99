// opgsim's command line: run a scenario, validate one, print the defaults or the schema;
// calibrate the GPU model to measurements and write its validation table.
//
// Exit codes: 0 success; 1 internal error; 2 bad input (one line on stderr naming the file and
// the JSON path; nothing written); 3 the run finished but an invariant check failed (outputs
// are written so the failure can be inspected).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "git_revision.hpp"
#include "models/common/environment_error.hpp"
#include "models/common/input_error.hpp"
#include "sim/cli/calibrate.hpp"
#include "sim/cli/curve_commands.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/cli/gpu_validation.hpp"
#include "sim/cli/report.hpp"
#include "sim/cli/run_command.hpp"
#include "sim/cli/sensitivity_command.hpp"
#include "sim/config/suggest.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

using opgsim::cli::cmd_run;
using opgsim::cli::cmd_validate;
using opgsim::cli::RunArgs;

}  // namespace

int main(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);

  CLI::App app{"opgsim: a discrete-event simulator of a decentralized AI inference network (SimGrid)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(OPGSIM_VERSION) + " (" + OPGSIM_GIT_REV + ")");

  RunArgs args;
  auto add_scenario_options = [&](CLI::App* cmd) {
    cmd->add_option("scenario", args.scenario, "Scenario JSON file (see scenarios/README.md)")->required();
    cmd->add_option("--set", args.sets, "Override one value by its dotted path, e.g. --set roles.inference.count=16 "
                                        "(repeatable; the value is JSON, or a bare string)")
        ->allow_extra_args(false);  // one value per --set, so a scenario path after it stays positional
    cmd->add_option("--seed", args.seed, "Seed of every random stream (same as --set seed=N)")->check(CLI::NonNegativeNumber);
  };

  auto* run = app.add_subcommand("run", "Simulate a scenario and write manifest.json, summary.json and timeseries.csv");
  add_scenario_options(run);
  run->add_option("--out", args.out, "Output directory (default: results/runs/<scenario name>)");
  run->add_flag("--quiet,-q", args.quiet, "Print nothing on success (no summary table, no progress)");
  run->add_option("--policy-fd", args.policy_fd,
                  "IN,OUT: a user policy over a pipe decides the operators at each epoch end (one JSON snapshot "
                  "line written to OUT, one JSON line of decisions read from IN; python/README.md, \"User "
                  "policies\"); the Python package's opgsim.run(..., policy=fn) sets it");
  // SimGrid options: run passes them to its engine; sweep, sensitivity and capacity check them once
  // and pass them to every run.
  const auto add_cfg_option = [](CLI::App* cmd, std::vector<std::string>& cfgs, const char* whose) {
    cmd->add_option("--cfg", cfgs, fmt::format("A SimGrid option, key:value, passed to {} as --cfg=key:value after "
                                               "opgsim's own (so it wins), e.g. --cfg=contexts/stack-size:256 (KiB per "
                                               "actor) or --cfg=contexts/guard-size:0 (repeatable)", whose))
        ->allow_extra_args(false);
  };
  add_cfg_option(run, args.cfgs, "SimGrid");

  auto* validate = app.add_subcommand("validate", "Check a scenario and the files it names without running it");
  add_scenario_options(validate);

  auto* dump = app.add_subcommand("dump-default-config", "Print a complete scenario with every default value");
  bool markdown = false;
  auto* schema = app.add_subcommand("dump-schema", "Print the scenario field reference (scenarios/README.md)");
  schema->add_flag("--markdown", markdown, "Markdown tables (the only format for now)");

  opgsim::cli::CalibrateArgs cal;
  auto* calibrate = app.add_subcommand("calibrate", "Fit the GPU model's efficiencies and overheads to measured TTFT/TPOT "
                                                    "(format: results/gpu-validation/README.md) and write a profile");
  calibrate->add_option("measurements", cal.measurements, "Measurements CSV of one setup")->required();
  calibrate->add_option("--gpu", cal.setup.gpu, "GPU catalog id, e.g. h100-sxm")->required();
  calibrate->add_option("--model", cal.setup.model, "Model catalog id, e.g. llama-3.1-8b")->required();
  calibrate->add_option("--precision", cal.setup.precision, "fp16 | bf16 | fp8")
      ->check(CLI::IsMember({"fp16", "bf16", "fp8"}))->capture_default_str();
  calibrate->add_option("--gpus-per-node", cal.setup.gpus_per_node, "Tensor-parallel degree")
      ->check(CLI::Range(1, 8))->capture_default_str();
  calibrate->add_option("--max-batch", cal.setup.settings.max_batch, "vLLM max_num_seqs")
      ->check(CLI::PositiveNumber)->capture_default_str();
  calibrate->add_option("--max-batched-tokens", cal.setup.settings.max_batched_tokens, "vLLM max_num_batched_tokens")
      ->check(CLI::PositiveNumber)->capture_default_str();
  calibrate->add_option("--gpu-memory-utilization", cal.setup.settings.gpu_memory_utilization,
                        "vLLM gpu_memory_utilization")->check(CLI::Range(0.01, 1.0))->capture_default_str();
  calibrate->add_flag("--kv-cache-fp8", cal.setup.settings.kv_cache_fp8, "FP8 KV cache (vLLM --kv-cache-dtype fp8)");
  calibrate->add_flag("--chunked-prefill", cal.setup.settings.chunked_prefill, "Chunked prefill (vLLM V1's default)");
  calibrate->add_option("--catalog", cal.setup.catalog, "GPU/model catalog file (default: the built-in one)");
  calibrate->add_option("--scheduler", cal.scheduler,
                        "Scheduler the fit runs under and the profile names: a name (chunked, vllm_v0, inflight) or "
                        "a JSON object, e.g. '{\"type\": \"inflight\", \"max_context_requests\": 2}'")
      ->capture_default_str();
  calibrate->add_option("--step-time", cal.step_time, "Step-time model the fit runs under: roofline, measured, or a "
                                                      "JSON object")
      ->capture_default_str();
  calibrate->add_option("--prior-weight", cal.prior_weight, "Weight of the priors toward the default parameters")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  calibrate->add_option("--robust-scale", cal.robust_scale,
                         "Scale of the soft-L1 loss on log(model / measured): errors beyond it count linearly, so one "
                         "point the model cannot represent does not drag the others (0: plain least squares)")
      ->check(CLI::NonNegativeNumber);
  calibrate->add_option("--out", cal.out, "Profile file to write (JSON)")->required();

  opgsim::cli::GpuValidateArgs gv;
  auto* gpu_validate = app.add_subcommand("gpu-validate", "Write the GPU model's validation table from calibration "
                                                          "profiles and the measurements they were fitted from");
  gpu_validate->add_option("profiles", gv.profiles, "Profile files (opgsim calibrate --out)")->required();
  gpu_validate->add_option("--out", gv.out, "Markdown table to write")->required();
  gpu_validate->add_option("--reasons", gv.reasons, "CSV of why points stay out of 15 % "
                                                    "(gpu,model,precision,tp,scheduler,concurrency,metric,reason)");
  gpu_validate->add_option("--kernel-table", gv.kernel_tables, "Kernel table whose per-iteration points to add "
                                                               "(repeatable)")->allow_extra_args(false);

  opgsim::cli::SweepArgs sw;
  auto* sweep = app.add_subcommand(
      "sweep", "Run a scenario over parameter values, each run in its own process, and write curve.csv (mean and "
               "95 % Student-t interval of every metric per point). Parameters combine as a product (every "
               "combination; the last --param varies fastest) unless --zip pairs the i-th values of all of them, "
               "or --zip-group a,b pairs the i-th values of the --params named (the groups, and every --param in "
               "none, then combine as a product in --param order, the last group varying fastest). Re-running the "
               "same sweep into the same folder reuses the runs that finished.");
  sweep->add_option("scenario", sw.scenario, "Scenario JSON file")->required();
  sweep->add_option("--param", sw.params,
                    "dotted.path=v1,v2,... or, for array and object values, dotted.path=JSON;JSON;... (values "
                    "starting with [ or {, separated by ';', e.g. 'economy.fees.shares={\"operator\":1};"
                    "{\"operator\":0.8,\"treasury\":0.2}') (repeatable)")
      ->allow_extra_args(false);
  sweep->add_flag("--zip", sw.zip, "Pair the i-th values of every --param instead of taking every combination");
  sweep->add_option("--zip-group", sw.zip_groups,
                    "path,path,...: pair the i-th values of these --params (one factor of the product; repeatable)")
      ->allow_extra_args(false);
  sweep->add_option("--replications,-r", sw.replications, "Runs per point, each with its own derived seed")
      ->check(CLI::Range(1, 1000))->capture_default_str();
  sweep->add_option("-j,--jobs", sw.jobs, "Runs at once (processes)")->check(CLI::Range(1, 256))->capture_default_str();
  sweep->add_option("--out", sw.out, "Sweep folder (default: results/sweeps/<scenario name>)");
  sweep->add_option("--set", sw.sets, "Fixed override for every run (repeatable)")->allow_extra_args(false);
  add_cfg_option(sweep, sw.cfgs, "every run's SimGrid");
  sweep->add_option("--seed", sw.seed, "Base seed (replication 0 uses it; the others derive theirs from it)")
      ->check(CLI::NonNegativeNumber);
  sweep->add_option("--metric", sw.metrics, "Extra summary.json path to put in the curve (repeatable)")
      ->allow_extra_args(false);
  sweep->add_option("--emit", sw.emit, "slurm: write a Slurm job array (sweep.sbatch) and its inputs instead of running")
      ->check(CLI::IsMember({"slurm"}));

  std::string collect_dir;
  std::vector<std::string> collect_metrics;
  auto* collect = app.add_subcommand("collect", "Merge the finished runs of a sweep folder (e.g. from a Slurm array) "
                                                "into its curve.csv");
  collect->add_option("dir", collect_dir, "Sweep folder")->required();
  collect->add_option("--metric", collect_metrics, "Extra summary.json path (repeatable)")->allow_extra_args(false);

  opgsim::cli::SensitivityArgs sa;
  auto* sensitivity = app.add_subcommand(
      "sensitivity", "Global sensitivity analysis of a scenario: which factors explain the variance of an outcome. "
                     "Sobol first-order and total indices from a Saltelli design, or Morris elementary effects for "
                     "screening, with 95 % bootstrap intervals; every point runs as in a sweep (resumable, -j, "
                     "--emit slurm), then DIR/indices.csv.");
  sensitivity->add_option("target", sa.target, "Scenario JSON file (or a test function's name with --function)")->required();
  sensitivity->add_flag("--function", sa.function, "The target is an analytic test function with known indices "
                                                   "(ishigami, sobol_g): checks the method through the same path");
  sensitivity->add_option("--factor", sa.factors,
                          "path=lo:hi[:log][:int][:step=X][:complement=PATH][@group], or path=a|b|c[@group] (repeatable)")
      ->allow_extra_args(false);
  sensitivity->add_option("--group", sa.groups, "name=path1,path2,...: puts these factors in a group (repeatable)")
      ->allow_extra_args(false);
  sensitivity->add_flag("--groups-only", sa.groups_only, "Sobol: indices of the groups only (each group's factors "
                                                         "swapped together): N (groups+2) runs");
  sensitivity->add_option("--outcome", sa.outcomes, "summary.json path to explain (repeatable; default throughput_rps)")
      ->allow_extra_args(false);
  sensitivity->add_option("--method", sa.method, "sobol or morris")->check(CLI::IsMember({"sobol", "morris"}))
      ->capture_default_str();
  sensitivity->add_option("--samples,-n", sa.samples,
                          "Sobol: base sample N (N (k+2) runs, N (groups+2) with --groups-only); Morris: trajectories "
                          "(r (k+1) runs)")
      ->check(CLI::Range(2, 100000))->capture_default_str();
  sensitivity->add_option("--levels", sa.levels, "Morris grid levels (even)")->check(CLI::Range(2, 100))->capture_default_str();
  sensitivity->add_option("--replications,-r", sa.replications, "Runs per point (their mean is used)")
      ->check(CLI::Range(1, 1000))->capture_default_str();
  sensitivity->add_option("--bootstrap", sa.bootstrap, "Bootstrap resamples for the intervals")
      ->check(CLI::Range(0, 100000))->capture_default_str();
  sensitivity->add_option("--design-seed", sa.design_seed, "Seed of the design's points")->capture_default_str();
  sensitivity->add_option("-j,--jobs", sa.jobs, "Runs at once (processes)")->check(CLI::Range(1, 256))->capture_default_str();
  sensitivity->add_option("--out", sa.out, "Study folder (default: results/sensitivity/<scenario name>)");
  sensitivity->add_option("--set", sa.sets, "Fixed override for every run (repeatable)")->allow_extra_args(false);
  add_cfg_option(sensitivity, sa.cfgs, "every run's SimGrid");
  sensitivity->add_option("--seed", sa.seed, "The runs' seed (all points share it)")->check(CLI::NonNegativeNumber);
  sensitivity->add_option("--emit", sa.emit, "slurm: write a Slurm job array instead of running")
      ->check(CLI::IsMember({"slurm"}));

  opgsim::cli::EvalFunctionArgs ev;
  auto* eval_function = app.add_subcommand("eval-function", "Evaluate a sensitivity test function into a run-like "
                                                            "folder (summary.json: y); used by sensitivity --function");
  eval_function->add_option("name", ev.name, "ishigami or sobol_g")->required();
  eval_function->add_option("--set", ev.sets, "input=value (repeatable)")->allow_extra_args(false);
  eval_function->add_option("--out", ev.out, "Output folder")->required();
  std::int64_t eval_seed = 0;
  bool eval_quiet = false;
  eval_function->add_option("--seed", eval_seed, "Ignored (accepted like run's)");
  eval_function->add_flag("--quiet", eval_quiet, "Ignored (accepted like run's)");

  opgsim::cli::CompareArgs cmp;
  auto* compare = app.add_subcommand("compare", "Compare two curves point by point; exit code 1 on a regression "
                                                "(worse than the tolerance, with disjoint 95 % intervals where both "
                                                "have them, or a point missing)");
  compare->add_option("baseline", cmp.baseline, "Baseline curve.csv (or its sweep folder)")->required();
  compare->add_option("current", cmp.current, "Current curve.csv (or its sweep folder)")->required();
  compare->add_option("--tolerance", cmp.tolerance, "Relative change allowed in the bad direction")
      ->check(CLI::Range(0.0, 10.0))->capture_default_str();
  compare->add_option("--metric", cmp.metrics, "Compare only these metrics (repeatable)")->allow_extra_args(false);

  opgsim::cli::CapacityArgs cap;
  auto* capacity = app.add_subcommand(
      "capacity", "Find the highest request rate that meets an SLO (bracketing and bisection, one search per "
                  "replication) and print it with its 95 % interval; or, with --search and --find, the highest or "
                  "lowest value of any scenario parameter that meets it (e.g. the lowest fee that keeps 20 "
                  "operators, the fewest verifiers that keep finality p99 under 60 s). The SLO is assumed "
                  "monotone in the parameter (a contradiction is warned about)");
  capacity->add_option("scenario", cap.spec.scenario, "Scenario JSON file")->required();
  capacity->add_option("--slo", cap.spec.slo, "summary.json path <= or >= a bound, e.g. 'latency_s.p99<=10', "
                                         "'measured.success_ratio>=0.99', 'finality_s.p99<=60' (repeatable)")
      ->allow_extra_args(false)->required();
  capacity->add_option("--search,--rate-path", cap.spec.rate_path,
                       "The scenario value to search over (a number; --rate-path is the older name)")
      ->capture_default_str();
  capacity->add_option("--find", cap.find, "highest: the highest value meeting the SLO (it fails above); lowest: "
                                           "the lowest (it fails below)")
      ->check(CLI::IsMember({"highest", "lowest"}))->capture_default_str();
  capacity->add_flag("--integer", cap.integer, "Try integers only (automatic for an integer field of the scenario)");
  auto* cap_min = capacity->add_option("--min", cap.min, "Lowest value tried (with --max: bisect between them)");
  auto* cap_max = capacity->add_option("--max", cap.max, "Highest value tried");
  auto* cap_start = capacity->add_option("--start", cap.spec.start_rps, "First value tried (without both --min and --max)")
                        ->check(CLI::PositiveNumber)->capture_default_str();
  capacity->add_option("--precision", cap.spec.precision, "Stop when (hi - lo) / lo is below this (integers: "
                                                          "when hi - lo <= 1)")
      ->check(CLI::Range(1e-4, 1.0))->capture_default_str();
  capacity->add_option("--replications,-r", cap.spec.replications, "Independent searches (seeds)")
      ->check(CLI::Range(1, 100))->capture_default_str();
  capacity->add_option("-j,--jobs", cap.spec.jobs, "Searches at once")->check(CLI::Range(1, 256))->capture_default_str();
  capacity->add_option("--set", cap.spec.sets, "Override (repeatable)")->allow_extra_args(false);
  add_cfg_option(capacity, cap.spec.cfgs, "every run's SimGrid");
  capacity->add_option("--seed", cap.seed, "Base seed")->check(CLI::NonNegativeNumber);
  capacity->add_option("--out", cap.out, "Folder for the runs and capacity.json (default: results/capacity/<name>)");
  capacity->add_flag("--band", cap.band, "For gpu nodes: one search per model variant (the scenario as given, each "
                                        "shipped calibration profile of its GPU and model under the scheduler it was "
                                        "fitted with, the measured step-time model where a kernel table exists), a "
                                        "table and the band over the validated ones (DIR/band.md)");

  std::string analyze_dir;
  std::vector<std::string> analyze_slo;
  auto* analyze = app.add_subcommand("analyze", "Find the breaking point of a sweep (curve.csv) or a ramp run "
                                                "(timeseries.csv) and name the resource that broke first; on a "
                                                "long-horizon run, the first period that misses the SLO");
  analyze->add_option("dir", analyze_dir, "Sweep folder or run folder")->required();
  analyze->add_option("--slo", analyze_slo, "Also break where this SLO fails, e.g. 'latency_s.p99<=30' (repeatable)")
      ->allow_extra_args(false);

  std::string report_dir;
  auto* report = app.add_subcommand("report", "Draw a sweep folder (curve.csv) or a run folder (timeseries.csv) with "
                                              "gnuplot: SVG and PNG figures and DIR/report/index.html");
  report->add_option("dir", report_dir, "Sweep folder or run folder")->required();
  std::vector<std::string> report_slo;
  report->add_option("--slo", report_slo, "Judge the verdict and draw the bound as analyze --slo does, e.g. "
                                          "'latency_s.p99<=30' (repeatable; default: analyze's default knee criteria)")
      ->allow_extra_args(false);

  // CLI11 says only "A subcommand is required" for a mistyped one: name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
    const std::string given = argv[1];
    if (std::find(names.begin(), names.end(), given) == names.end()) {
      std::string what = fmt::format("error: unknown subcommand '{}'", opgsim::escape_control_chars(given));
      if (auto near = opgsim::config::closest(given, names)) what += fmt::format(" (did you mean '{}'?)", *near);
      std::cerr << what << "; run opgsim --help for the list\n";
      return 2;
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    if (run->parsed()) return cmd_run(args, command_line);
    if (validate->parsed()) return cmd_validate(args);
    if (calibrate->parsed()) return opgsim::cli::cmd_calibrate(cal);
    if (gpu_validate->parsed()) return opgsim::cli::cmd_gpu_validate(gv);
    if (sweep->parsed()) return opgsim::cli::cmd_sweep(sw);
    if (collect->parsed()) {
      if (opgsim::cli::is_sensitivity_folder(collect_dir)) return opgsim::cli::collect_sensitivity(collect_dir);
      return opgsim::cli::cmd_collect(collect_dir, collect_metrics);
    }
    if (sensitivity->parsed()) return opgsim::cli::cmd_sensitivity(sa);
    if (eval_function->parsed()) return opgsim::cli::cmd_eval_function(ev);
    if (compare->parsed()) return opgsim::cli::cmd_compare(cmp);
    if (capacity->parsed()) {
      cap.has_min = cap_min->count() > 0;
      cap.has_max = cap_max->count() > 0;
      cap.start_given = cap_start->count() > 0;
      return opgsim::cli::cmd_capacity(cap);
    }
    if (analyze->parsed()) return opgsim::cli::cmd_analyze(analyze_dir, analyze_slo);
    if (report->parsed()) return opgsim::cli::report(report_dir, report_slo, std::cout);
    if (dump->parsed()) {
      std::cout << opgsim::default_scenario().dump(2) << "\n";
      return 0;
    }
    if (schema->parsed()) {
      std::cout << opgsim::scenario_reference_markdown();
      return 0;
    }
  } catch (const opgsim::InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const opgsim::EnvironmentError& e) {
    std::cerr << "error: " << opgsim::escape_control_chars(e.what()) << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    // Limits in the schema keep validated scenarios far from this; say what it is, on one line.
    std::cerr << "internal error: out of memory (std::bad_alloc); a smaller scenario may fit\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << opgsim::escape_control_chars(e.what()) << "\n";
    return 1;
  } catch (...) {
    std::cerr << "internal error: unknown exception\n";
    return 1;
  }
  return 0;
}
