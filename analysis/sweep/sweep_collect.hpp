// From the runs of a sweep to its curve: every run contributes the metrics of its summary.json
// and, as signals.<column>.{mean,max}, the per-role signals of its timeseries.csv over the
// measured windows (what `opgsim analyze` reads to say which resource broke first); the
// replications of a point become one mean with a 95 % Student-t interval (analysis/curve.hpp).
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "analysis/curve.hpp"
#include "analysis/output/signal_decl.hpp"
#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::analysis {

// `roles` below: every role's signal declarations (the role registry's, sim/roles/role_registry.hpp).

// The summary.json paths every curve carries when the runs have them (a metric no run has is
// left out of the curve): the request-level ones, every stage's mean (the lifecycle's table)
// and the roles' summarized signals (utilization).
std::vector<std::string> default_curve_metrics(std::span<const RoleSignals> roles);
// The timeseries.csv columns summarized as signals.<column>.mean and .max (the roles' curve signals).
std::vector<std::string> signal_columns(std::span<const RoleSignals> roles);

// One finished run's metrics (its folder holds manifest.json, summary.json, timeseries.csv).
// Throws InputError naming the file if one is missing or malformed.
std::map<std::string, double> run_metrics(const std::string& run_dir, const std::vector<std::string>& extra_metrics,
                                          std::span<const RoleSignals> roles);

// The curve of the runs of `spec` finished under out_dir (a run is finished when its folder is
// committed complete, analysis/io/output_folder.hpp). `missing` gets the runs not finished.
// `lacking`, when given, gets for each extra metric some finished run does not have the folder of
// the first such run (in plan order), e.g. "runs/p0002-r0".
analysis::Curve collect_curve(const SweepSpec& spec, const std::string& out_dir,
                              const std::vector<std::string>& extra_metrics, std::vector<std::string>& missing,
                              std::span<const RoleSignals> roles,
                              std::map<std::string, std::string>* lacking = nullptr);

}  // namespace opgsim::analysis
