// What a sweep runs: the points (every combination of the --param values, or the values zipped),
// the replications of each with their seeds, and the `opgsim run` arguments and output folder of
// every run. Written to DIR/sweep.json so that a re-run can check it is the same sweep and reuse
// the runs already finished, and so that `opgsim collect` and a Slurm array find everything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace opgsim::analysis {

struct SweepParam {
  std::string path;                 // dotted scenario path, as --set takes it
  std::vector<std::string> values;  // as written (each one is what --set receives)
};

struct SweepSpec {
  std::string scenario;             // the scenario file (or a test function's name)
  // The opgsim command each run executes: "run" (a scenario), or "eval-function" (a sensitivity
  // study of a test function with known indices, run through the same machinery).
  std::string command = "run";
  std::vector<SweepParam> params;
  bool zip = false;                 // false: every combination (product); true: i-th values together
  std::uint32_t replications = 1;
  std::vector<std::string> sets;    // fixed overrides applied to every run (before the swept ones)
  std::uint64_t base_seed = 1;      // the scenario's seed (after sets)
  std::vector<std::string> cfgs;    // SimGrid options, "key:value", every run gets as --cfg (run only)
};

struct SweepRun {
  std::size_t point = 0;            // index of the parameter combination
  std::uint32_t replication = 0;
  std::vector<std::string> values;  // one per param, this point's values
  std::uint64_t seed = 0;
  std::string dir;                  // relative to the sweep folder: "runs/p0003-r1"
  std::vector<std::string> run_args;  // the arguments after `opgsim`: run SCENARIO --quiet --out ... --set ... --seed ...
};

// "dotted.path=v1,v2,v3" (values may not be empty). Throws InputError "--param '<text>': <what>".
SweepParam parse_param(const std::string& text);

// Every run of the sweep, point-major. Throws InputError when zipped params differ in length.
// Replication 0 uses the scenario's own seed (so it equals a plain run); replication r > 0 uses a
// seed derived from it and r (the same on every machine).
std::vector<SweepRun> plan_sweep(const SweepSpec& spec, const std::string& out_dir);

// The number of points (combinations) of a spec.
std::size_t point_count(const SweepSpec& spec);
// One point's parameter values (point < point_count).
std::vector<std::string> point_values(const SweepSpec& spec, std::size_t point);

nlohmann::json to_json(const SweepSpec& spec);
SweepSpec sweep_from_json(const nlohmann::json& j, const std::string& file);  // InputError on a malformed file

}  // namespace opgsim::analysis
