// The run and validate commands (see run_command.hpp).
#include "sim/cli/run_command.hpp"

#include <unistd.h>

#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "analysis/io/output_folder.hpp"
#include "analysis/sweep/breaking_point.hpp"
#include "sim/cli/manifest.hpp"
#include "sim/cli/summary_table.hpp"
#include "sim/cli/validate.hpp"
#include "models/common/input_error.hpp"
#include "sim/engine/external_policy.hpp"
#include "sim/engine/interrupt.hpp"
#include "sim/engine/prepare_run.hpp"
#include "sim/engine/run.hpp"
#include "sim/horizon/horizon_run.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim::cli {

namespace {
std::vector<std::string> overrides(const RunArgs& a) {
  std::vector<std::string> sets = a.sets;
  if (a.seed >= 0) sets.push_back(fmt::format("seed={}", a.seed));
  return sets;
}
}  // namespace

int cmd_run(const RunArgs& a, const std::string& command_line) {
  const auto t0 = std::chrono::steady_clock::now();
  const Scenario scenario = load_scenario(a.scenario, overrides(a));
  engine::PreparedRun prepared = engine::prepare_run(scenario);
  if (!a.policy_fd.empty()) {
    if (!scenario.economy.enabled)
      throw InputError(fmt::format("--policy-fd: {}: economy.enabled: a user policy decides in the economy, which is off", a.scenario));
    engine::attach_policy_pipe(a.policy_fd);
  }
  const std::string out_dir = a.out.empty() ? "results/runs/" + scenario.name : a.out;
  analysis::StagedFolder folder(out_dir);  // before the run: an unwritable --out is bad input
  engine::remove_on_interrupt(folder.staging());  // Ctrl-C during the run leaves nothing behind
  engine::install_interrupt_handler();  // from now on (the engine installs it again over SimGrid's)
  // A scenario with a `horizon` block runs the long-horizon mode (sim/horizon/).
  const auto run = scenario.horizon ? horizon::run_horizon(scenario)
                                    : engine::run_scenario(scenario, std::move(prepared), !a.quiet && ::isatty(STDERR_FILENO), a.cfgs);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto manifest = make_manifest(scenario, run, command_line, wall);
  if (const engine::PolicyPipe* p = engine::attached_policy_pipe(); p != nullptr) {
    manifest["external_policy"] = {{"fds", a.policy_fd}, {"exchanges", p->exchanges()}};
  }
  folder.write("manifest.json", manifest.dump(2) + "\n");
  folder.write("summary.json", run.summary.dump(2) + "\n");
  folder.write("timeseries.csv", run.timeseries_csv);
  if (!run.ledger_csv.empty()) folder.write("ledger.csv", run.ledger_csv);
  if (!run.accounts_csv.empty()) folder.write("accounts.csv", run.accounts_csv);
  if (!run.events_csv.empty()) folder.write("events.csv", run.events_csv);
  folder.commit(run.invariants_ok);  // a run that failed its invariants is not a finished run
  if (!a.quiet && scenario.horizon)
    std::cout << fmt::format("scenario {}  (long horizon: {} periods, {} windows simulated, {} reused, {:.1f} s wall)\n  output     {}\n",
                             scenario.name, run.summary["horizon"]["periods"].get<std::uint64_t>(),
                             run.summary["horizon"]["windows_simulated"].get<std::uint64_t>(),
                             run.summary["horizon"]["windows_reused"].get<std::uint64_t>(), wall, out_dir);
  else if (!a.quiet) {
    std::cout << summary_table(run.summary, manifest, out_dir);
    // The table ends with the verdict on the run's windows (what `opgsim analyze` says).
    try {
      std::cout << "  verdict    " << analysis::run_verdict(out_dir, role_signals()) << "\n";
    } catch (const std::exception& e) {
      std::cout << "  verdict    none (" << e.what() << ")\n";
    }
  }
  if (!run.invariants_ok) {
    std::cerr << "error: an invariant check failed; see invariants in " << out_dir << "/summary.json\n";
    return 3;
  }
  return 0;
}

int cmd_validate(const RunArgs& a) {
  const Scenario scenario = load_scenario(a.scenario, overrides(a));
  const engine::PreparedRun prepared = engine::prepare_run(scenario);
  std::cout << describe_inputs(scenario, prepared);
  return 0;
}

}  // namespace opgsim::cli
