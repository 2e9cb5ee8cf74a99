// The breaking point of a sweep or a run folder (see breaking_point.hpp).
#include "analysis/sweep/breaking_point.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/io/run_files.hpp"
#include "analysis/knee.hpp"
#include "analysis/slo.hpp"
#include "analysis/sweep/sweep_collect.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

std::vector<LoadPoint> points_of_curve(const Curve& c) {
  std::vector<LoadPoint> points;
  for (const CurvePoint& cp : c.points) {
    LoadPoint lp;
    for (std::size_t m = 0; m < c.metric_names.size(); ++m)
      if (cp.metrics[m].n > 0) lp.values[c.metric_names[m]] = cp.metrics[m].mean;
    lp.offered_rps = lp.values.count("offered_rps") ? lp.values["offered_rps"] : 0;
    lp.throughput_rps = lp.values.count("throughput_rps") ? lp.values["throughput_rps"] : 0;
    points.push_back(std::move(lp));
  }
  return points;
}

std::vector<LoadPoint> points_of_run(const fs::path& dir, std::span<const RoleSignals> roles) {
  const nlohmann::json manifest = read_json(dir / "manifest.json");
  const double warmup = manifest.at("scenario").at("warmup_s"), duration = manifest.at("scenario").at("duration_s");
  const Table t = read_csv(dir / "timeseries.csv");
  const auto t0 = t.numbers("t_start_s"), t1 = t.numbers("t_end_s"), arrivals = t.numbers("arrivals"),
             throughput = t.numbers("throughput_rps"), p50 = t.numbers("latency_p50_s"), p99 = t.numbers("latency_p99_s");
  const auto finality = t.has("finality_p99_s") ? t.numbers("finality_p99_s") : std::vector<double>(t0.size(), 0.0);
  std::vector<std::pair<std::string, std::vector<double>>> signals;
  for (const std::string& col : signal_columns(roles))
    if (t.has(col)) signals.emplace_back(col, t.numbers(col));
  std::vector<LoadPoint> points;
  for (std::size_t r = 0; r < t0.size(); ++r) {
    if (t0[r] < warmup || t1[r] > duration) continue;
    LoadPoint lp;
    lp.offered_rps = arrivals[r] / (t1[r] - t0[r]);
    lp.throughput_rps = throughput[r];
    lp.values["latency_s.p99"] = p99[r];
    lp.values["latency_s.p50"] = p50[r];
    lp.values["finality_s.p99"] = finality[r];
    for (const auto& [col, v] : signals) {
      lp.values["signals." + col + ".mean"] = v[r];
      lp.values["signals." + col + ".max"] = v[r];
    }
    points.push_back(std::move(lp));
  }
  return points;
}

std::string analyze_folder(const std::string& dir, const std::vector<std::string>& slo,
                           std::span<const RoleSignals> roles) {
  const fs::path p(dir);
  std::vector<LoadPoint> points;
  if (fs::exists(p / "curve.csv"))
    points = points_of_curve(read_curve_file(dir));
  else if (fs::exists(p / "timeseries.csv"))
    points = points_of_run(p, roles);
  else
    throw InputError(fmt::format("{}: neither a sweep (curve.csv) nor a run (timeseries.csv)", dir));
  if (points.empty()) throw InputError(fmt::format("{}: no measured point to analyze", dir));
  std::vector<SloTerm> terms;
  for (const std::string& t : slo) terms.push_back(parse_slo(t));
  // A term no point has a value for cannot be judged: saying so beats a knee at the lightest load.
  for (const SloTerm& t : terms)
    if (std::none_of(points.begin(), points.end(), [&](const LoadPoint& lp) { return value_at(lp, t.path).has_value(); }))
      throw InputError(fmt::format("--slo '{}': {} has no value at any point of {} ({})", t.text, t.path, dir,
                                   fs::exists(p / "curve.csv") ? "not a column of its curve.csv; a sweep's --metric adds one"
                                                               : "a run folder gives latency_s.p50/p99, finality_s.p99 and "
                                                                 "the signals per window"));
  std::string text;
  if (terms.empty() && points.front().values.count("latency_s.p99")) {
    const double bound = 3 * points.front().values.at("latency_s.p99");
    terms.push_back(parse_slo(fmt::format("latency_s.p99<={:.6g}", bound)));
    text += fmt::format("(no --slo given: using latency_s.p99 <= {:.4g} s, 3x its value at the lightest load)\n", bound);
  }
  const Knee knee = find_knee(points, terms, roles);
  std::string report = format_knee(knee, points);
  if (report.empty() || report.back() != '\n') report += '\n';
  return text + report;
}

}  // namespace opgsim::analysis
