// opgsim's command line: run a scenario, validate one, print the defaults or the schema;
// calibrate the GPU model to measurements and write its validation table.
//
// Exit codes: 0 success; 1 internal error; 2 bad input (one line on stderr naming the file and
// the JSON path; nothing written); 3 the run finished but an invariant check failed (outputs
// are written so the failure can be inspected).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "git_revision.hpp"
#include "models/common/input_error.hpp"
#include "sim/cli/calibrate.hpp"
#include "sim/cli/gpu_validation.hpp"
#include "sim/cli/manifest.hpp"
#include "sim/cli/output_dir.hpp"
#include "sim/cli/summary_table.hpp"
#include "sim/cli/validate.hpp"
#include "sim/engine/run.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

struct RunArgs {
  std::string scenario;
  std::string out;
  std::vector<std::string> sets;
  std::int64_t seed = -1;
  bool quiet = false;
};

std::vector<std::string> overrides(const RunArgs& a) {
  std::vector<std::string> sets = a.sets;
  if (a.seed >= 0) sets.push_back(fmt::format("seed={}", a.seed));
  return sets;
}

int cmd_run(const RunArgs& a, const std::string& command_line) {
  const auto t0 = std::chrono::steady_clock::now();
  const opgsim::Scenario scenario = opgsim::load_scenario(a.scenario, overrides(a));
  const std::string out_dir = a.out.empty() ? "results/runs/" + scenario.name : a.out;
  const auto run = opgsim::engine::run_scenario(scenario, !a.quiet && ::isatty(STDERR_FILENO));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto manifest = opgsim::cli::make_manifest(scenario, run, command_line, wall);
  std::vector<std::pair<std::string, std::string>> files{{"manifest.json", manifest.dump(2) + "\n"},
                                                         {"summary.json", run.summary.dump(2) + "\n"},
                                                         {"timeseries.csv", run.timeseries_csv}};
  if (!run.ledger_csv.empty()) files.emplace_back("ledger.csv", run.ledger_csv);
  opgsim::cli::write_output_files(out_dir, files);
  if (!a.quiet) std::cout << opgsim::cli::summary_table(run.summary, manifest, out_dir);
  if (!run.invariants_ok) {
    std::cerr << "error: an invariant check failed; see invariants in " << out_dir << "/summary.json\n";
    return 3;
  }
  return 0;
}

int cmd_validate(const RunArgs& a) {
  const opgsim::Scenario scenario = opgsim::load_scenario(a.scenario, overrides(a));
  std::cout << opgsim::cli::check_inputs(scenario);
  return 0;
}

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
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
