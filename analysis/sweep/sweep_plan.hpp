// What a sweep runs: the points (every combination of the --param values, the values zipped, or
// zipped groups combined as a product),
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
  std::vector<std::string> values;  // as written, or compact JSON (each one is what --set receives)
};

struct SweepSpec {
  std::string scenario;             // the scenario file (or a test function's name)
  // The opgsim command each run executes: "run" (a scenario), or "eval-function" (a sensitivity
  // study of a test function with known indices, run through the same machinery).
  std::string command = "run";
  std::vector<SweepParam> params;
  bool zip = false;                 // false: every combination (product); true: i-th values together
  // With zip false: groups of --param paths whose i-th values go together (--zip-group a,b); each
  // group is one factor of the product, and a param in no group is a group of its own.
  std::vector<std::vector<std::string>> zip_groups;
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

// "dotted.path=v1,v2,v3" (values may not be empty), or, when the first value starts with '[' or
// '{', JSON values separated by ';': "path=[0.5,0.3];[0.6,0.2]" or "path={\"a\":1};{\"a\":2}"
// (commas belong to the JSON; each value is kept as compact JSON). Throws InputError
// "--param '<text>': <what>" (for JSON: the value and what the parser says).
SweepParam parse_param(const std::string& text);
// "a,b" of --zip-group: the dotted paths of one group.
std::vector<std::string> parse_zip_group(const std::string& text);

// The factors of the product, in order: each a list of indices into spec.params whose i-th
// values go together. zip: one group of every param; otherwise the --zip-group groups and a
// group for every other param, ordered by their first param's place among the --params (so the
// curve's columns stay in --param order). Throws InputError for a group naming a path that is
// not a --param, a path in two groups, or a group whose lists differ in length.
std::vector<std::vector<std::size_t>> param_groups(const SweepSpec& spec);

// Every run of the sweep, point-major; the last group varies fastest. Throws InputError when
// zipped params differ in length (see param_groups).
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
