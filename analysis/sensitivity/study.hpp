// A global sensitivity study: its design (Saltelli for Sobol indices, or Morris trajectories) as
// a zipped sweep, so that it runs, resumes, parallelises and goes to Slurm exactly like a sweep,
// and its indices computed from the sweep's curve (per point, the mean over replications).
// DIR/sensitivity.json records the study (to check a re-run is the same one and to let `opgsim
// collect` finish a Slurm study); DIR/indices.csv holds the answer. No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/curve.hpp"
#include "analysis/sensitivity/factor.hpp"
#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::analysis {

struct SensitivitySpec {
  std::string target;                  // a scenario file, or a test function's name (function = true)
  bool function = false;
  std::vector<Factor> factors;
  std::vector<std::string> outcomes;   // summary.json paths (or "y" for a test function)
  enum class Method { Sobol, Morris };
  Method method = Method::Sobol;
  std::size_t samples = 64;            // Sobol: base sample N (N (k + 2 + groups) points); Morris: trajectories r (r (k + 1))
  // Sobol: indices of the groups only (each group's columns swapped together, no per-factor
  // matrices): N (groups + 2) points. Every factor must belong to a group.
  bool groups_only = false;
  std::uint32_t levels = 4;            // Morris grid levels (even)
  std::uint32_t replications = 1;      // runs per point (their mean is the point's outcome)
  std::uint32_t bootstrap = 200;       // resamples for the 95 % intervals
  std::uint64_t design_seed = 1;       // the design's points (not the runs' seeds)
  std::vector<std::string> sets;       // fixed overrides of every run
  std::vector<std::string> cfgs;       // SimGrid options of every run (--cfg key:value)
  std::uint64_t base_seed = 1;         // the runs' seed (every point shares it: common random numbers)
};

// The factor groups in order of first appearance (empty when no factor names one).
std::vector<std::string> factor_groups(const SensitivitySpec& spec);
// "--group name=path1,path2": puts the named factors into group `name`. Throws InputError
// "--group '<text>': <what>" for a malformed text, a path that is no factor's, or a factor that
// already has another group.
void assign_group(SensitivitySpec& spec, const std::string& text);
// The design as a zipped sweep over the factors' paths. Throws InputError for < 1 factor,
// < 2 samples, a factor path given twice, or groups_only with a factor in no group (or not Sobol).
SweepSpec study_sweep(const SensitivitySpec& spec);
std::size_t study_points(const SensitivitySpec& spec);

nlohmann::json to_json(const SensitivitySpec& spec);
SensitivitySpec sensitivity_from_json(const nlohmann::json& j, const std::string& file);

// Computes the indices of every outcome from the curve of the study's sweep and writes
// DIR/indices.csv (and, for Sobol, DIR/indices_curve.csv: the same indices in curve.csv form,
// parameters outcome and name, metrics first and total with the bootstrap interval's larger
// half-width as ci95 and N as n, so that `opgsim compare` can regression-test a study's answer);
// returns a text table for the terminal. An outcome equal at every point has no variance to
// explain: it gets no rows (the terminal table says so). Throws InputError naming an outcome
// that a point lacks (a metric the runs do not report) or a point with no finished run.
std::string write_indices(const SensitivitySpec& spec, const Curve& curve, const std::string& dir);

}  // namespace opgsim::analysis
