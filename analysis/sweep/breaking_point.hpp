// `opgsim analyze`: the load points of a sweep folder (one per curve point, the means of its
// replications) or of a run folder (one per measured window of timeseries.csv), and the report
// of where they break (analysis/knee.hpp) and which resource broke first.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "analysis/curve.hpp"
#include "analysis/knee.hpp"

namespace opgsim::analysis {

std::vector<LoadPoint> points_of_curve(const Curve& c);
// `roles`: every role's signal declarations (the role registry's): their curve signals and knee rules.
std::vector<LoadPoint> points_of_run(const std::filesystem::path& dir, std::span<const RoleSignals> roles);

// The report for DIR (a sweep or a run folder). Without an SLO, latency "leaves its SLO" at 3x
// its value under the lightest load, and the report's first line says so. InputError when DIR
// is neither or has no measured point.
std::string analyze_folder(const std::string& dir, const std::vector<std::string>& slo,
                           std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis
