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
// A run folder's first window (t = 0, warm-up included) as a load point: the reference a run's
// relative knee conditions compare against (KneeOptions::reference).
LoadPoint run_start_point(const std::filesystem::path& dir, std::span<const RoleSignals> roles);

// The knee of a run folder's windows (points_of_run): three windows in a row must be broken
// (one noisy window is not a knee), relative conditions against the run's start. Without SLO
// terms, the default ones of default_slo_terms.
Knee run_knee(const std::filesystem::path& dir, std::span<const RoleSignals> roles);

// The one-line verdict on a run folder that ends the table `opgsim run` prints: "holding" (no
// knee), "saturated at X requests/s" (a knee no resource rule explains) or "broke first at
// <resource>" (with the knee's load), by run_knee.
std::string run_verdict(const std::filesystem::path& dir, std::span<const RoleSignals> roles);

// The default SLO when none is given: latency_s.p99 at most 3x its value at the lightest load
// and, when the runs settle (finality_s.p99 is positive at the lightest load), finality_s.p99 at
// most 3x its value there too, so a background stage that stops keeping up (a verifier backlog,
// block space) makes a knee even while users still get their answers. `note` gets the line that
// says so.
std::vector<SloTerm> default_slo_terms(const LoadPoint& lightest, std::string& note);

// What analyze_folder finds, for a caller that also draws it (opgsim report): the report's
// text, the knee, the SLO terms judged (the given ones, else the default ones) and the points.
struct FolderAnalysis {
  std::string text;
  Knee knee;
  std::vector<SloTerm> terms;
  bool default_terms = false;  // no --slo given: the terms are default_slo_terms
  bool is_sweep = false;
  std::vector<LoadPoint> points;
};
FolderAnalysis analyze_folder_result(const std::string& dir, const std::vector<std::string>& slo,
                                     std::span<const RoleSignals> roles);

// The report for DIR (a sweep or a run folder). Without an SLO, the default_slo_terms, and the
// report's first line says so. InputError when DIR
// is neither or has no measured point.
std::string analyze_folder(const std::string& dir, const std::vector<std::string>& slo,
                           std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis
