// manifest.json's field declarations (see manifest_fields.hpp).
#include "analysis/output/manifest_fields.hpp"

namespace opgsim::analysis::output {

namespace {
constexpr FieldDecl kFields[] = {
    {"opgsim_version", "", "version of opgsim"},
    {"git_revision", "", "git commit the binary was built from (`-dirty` if the tree had changes)"},
    {"simgrid_version", "", "SimGrid version of the headers it was built with"},
    {"command_line", "", "the command, as typed"},
    {"scenario_file", "", "the scenario file given on the command line"},
    {"scenario_name", "", "`name` of the scenario"},
    {"seed", "", "the seed every random stream was derived from"},
    {"finished_at", "UTC", "when the run finished (wall clock)"},
    {"wall_time_s", "wall s", "whole command: loading, building the platform, running, writing"},
    {"run_wall_time_s", "wall s", "the simulation itself (SimGrid's run)"},
    {"peak_memory_bytes", "bytes", "peak resident memory of the process"},
    {"events", "count",
     "simulation events handled by opgsim's actors: every message delivery and every timer expiry"},
    {"events_per_s", "1 / wall s", "`events / run_wall_time_s`"},
    {"requests_per_wall_s", "1 / wall s", "submitted requests / `run_wall_time_s` (long-horizon runs: the periods' offered requests)"},
    {"sim_end_s", "s", "simulated time at which the run stopped"},
    {"request_level_simulations", "count",
     "request-level windows this run simulated as child processes (the others came from the cache)",
     "long-horizon runs (scenario `horizon`) only"},
    {"files", "", "the files of the run"},
    {"external_policy", "",
     "the user policy's pipe: `fds` as given and `exchanges`, the snapshots it answered; the run depends on that "
     "policy as well as on the scenario",
     "runs with a user policy over a pipe (`run --policy-fd IN,OUT`) only", true},
    {"scenario", "", "the resolved scenario: after `extends` and `--set`, with every default filled in", {}, true},
};
}  // namespace

const FieldRegistry& manifest_fields() {
  static const FieldRegistry registry("manifest.json", kFields, {});
  return registry;
}

}  // namespace opgsim::analysis::output
