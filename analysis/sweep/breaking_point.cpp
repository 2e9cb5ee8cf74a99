// The breaking point of a sweep or a run folder (see breaking_point.hpp).
#include "analysis/sweep/breaking_point.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/economy_rules.hpp"
#include "analysis/io/run_files.hpp"
#include "analysis/knee.hpp"
#include "analysis/slo.hpp"
#include "analysis/sweep/sweep_collect.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

// A run folder's windows are 10 s each: a knee must hold for 30 s.
constexpr std::size_t kRunPersistence = 3;

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

namespace {
// The windows of a run's timeseries.csv as load points (all of them; the caller picks).
struct RunWindows {
  std::vector<double> t0, t1;
  std::vector<LoadPoint> points;
};

// The ledger.csv columns the rules name ("ledger.<column>"), joined into the windows: a window
// takes the values of the epoch in progress at its end (the first epoch ending at or after it;
// the last epoch for windows past the last one). Nothing when the run has no economy.
void join_ledger(const fs::path& dir, std::span<const RoleSignals> rules, RunWindows& w) {
  if (!fs::exists(dir / "ledger.csv")) return;
  const Table ledger = read_csv(dir / "ledger.csv");
  if (ledger.rows.empty()) return;
  const std::vector<double> epoch_end = ledger.numbers("t_end_s");
  for (const RoleSignals& r : rules)
    for (const KneeRule& rule : r.knee_rules)
      for (const auto& c : rule.conditions) {
        if (!c || !c->path.starts_with(kLedgerValuePrefix)) continue;
        const std::string column(c->path.substr(kLedgerValuePrefix.size()));
        if (!ledger.has(column)) continue;  // e.g. payments_* without x402
        const std::vector<double> v = ledger.numbers(column);
        for (std::size_t r = 0; r < w.points.size(); ++r) {
          const auto at = std::lower_bound(epoch_end.begin(), epoch_end.end(), w.t1[r]);
          const std::size_t e = at == epoch_end.end() ? epoch_end.size() - 1 : static_cast<std::size_t>(at - epoch_end.begin());
          w.points[r].values[std::string(c->path)] = v[e];
        }
      }
}

RunWindows windows_of_run(const fs::path& dir, std::span<const RoleSignals> roles) {
  const Table t = read_csv(dir / "timeseries.csv");
  RunWindows w;
  w.t0 = t.numbers("t_start_s");
  w.t1 = t.numbers("t_end_s");
  const auto arrivals = t.numbers("arrivals"), throughput = t.numbers("throughput_rps");
  const auto column = [&](const char* name) { return t.has(name) ? t.numbers(name) : std::vector<double>(w.t0.size(), 0.0); };
  // Per window, the summary.json paths of the same quantities (what --slo names in a sweep too).
  const std::pair<const char*, const char*> quantities[] = {
      {"latency_s.p99", "latency_p99_s"}, {"latency_s.p50", "latency_p50_s"}, {"finality_s.p99", "finality_p99_s"},
      {"ttft_s.p50", "ttft_p50_s"},       {"ttft_s.p99", "ttft_p99_s"},       {"tpot_s.p99", "tpot_p99_s"},
      {"delivered_rps", "delivered_rps"}};
  std::vector<std::pair<std::string, std::vector<double>>> values;
  for (const auto& [path, col] : quantities)
    if (t.has(col) || std::string_view(col) == "finality_p99_s") values.emplace_back(path, column(col));
  for (const std::string& col : signal_columns(roles))
    if (t.has(col)) {
      std::vector<double> v = t.numbers(col);
      values.emplace_back("signals." + col + ".mean", v);
      values.emplace_back("signals." + col + ".max", std::move(v));
    }
  for (std::size_t r = 0; r < w.t0.size(); ++r) {
    LoadPoint lp;
    lp.offered_rps = w.t1[r] > w.t0[r] ? arrivals[r] / (w.t1[r] - w.t0[r]) : 0;
    lp.throughput_rps = throughput[r];
    for (const auto& [path, v] : values) lp.values[path] = v[r];
    w.points.push_back(std::move(lp));
  }
  join_ledger(dir, with_economy_rules(roles), w);
  return w;
}
}  // namespace

std::vector<LoadPoint> points_of_run(const fs::path& dir, std::span<const RoleSignals> roles) {
  const nlohmann::json manifest = read_json(dir / "manifest.json");
  const double warmup = manifest.at("scenario").at("warmup_s"), duration = manifest.at("scenario").at("duration_s");
  RunWindows w = windows_of_run(dir, roles);
  std::vector<LoadPoint> points;
  for (std::size_t r = 0; r < w.points.size(); ++r)
    if (w.t0[r] >= warmup && w.t1[r] <= duration) points.push_back(std::move(w.points[r]));
  return points;
}

LoadPoint run_start_point(const fs::path& dir, std::span<const RoleSignals> roles) {
  RunWindows w = windows_of_run(dir, roles);
  if (w.points.empty()) throw InputError(fmt::format("{}: timeseries.csv has no window", (dir / "timeseries.csv").string()));
  return std::move(w.points.front());
}

std::vector<SloTerm> default_slo_terms(const LoadPoint& lightest, std::string& note) {
  std::vector<SloTerm> terms;
  std::vector<std::string> said;
  for (const char* path : {"latency_s.p99", "finality_s.p99"}) {
    const std::optional<double> v = value_at(lightest, path);
    if (!v || *v <= 0) continue;  // 0: nothing measured there (a run without settlement, no completion yet)
    terms.push_back(parse_slo(fmt::format("{}<={:.6g}", path, 3 * *v)));
    said.push_back(fmt::format("{} <= {:.4g} s", path, 3 * *v));
  }
  if (!said.empty())
    note = fmt::format(
        "(no --slo given: using {}, 3x {} at the lightest load, and a background stage's rule crossed counts too)\n",
        said.size() == 1 ? said[0] : fmt::format("{} and {}", said[0], said[1]),
        said.size() == 1 ? "its value" : "their values");
  return terms;
}

Knee run_knee(const fs::path& dir, std::span<const RoleSignals> roles) {
  const std::vector<LoadPoint> points = points_of_run(dir, roles);
  if (points.empty()) return {};
  std::string note;
  KneeOptions options;
  options.persistence = kRunPersistence;
  options.reference = run_start_point(dir, roles);
  options.background_knee = true;
  return find_knee(points, default_slo_terms(points.front(), note), with_economy_rules(roles), options);
}

std::string run_verdict(const fs::path& dir, std::span<const RoleSignals> roles) {
  const std::vector<LoadPoint> points = points_of_run(dir, roles);
  if (points.empty()) return "no verdict: no measured window";
  const Knee k = run_knee(dir, roles);
  if (!k.found) {
    double top = 0;
    for (const LoadPoint& p : points) top = std::max(top, p.offered_rps);
    return fmt::format("holding: no knee over the measured windows (offered up to {:.4g} requests/s)", top);
  }
  if (k.resource == "unknown")
    return fmt::format("saturated at {:.4g} requests/s: {} (no resource signal crossed its rule)", k.offered_rps,
                       k.reason);
  return fmt::format("broke first at {}: knee at {:.4g} requests/s ({})", k.resource, k.offered_rps, k.reason);
}

std::string analyze_folder(const std::string& dir, const std::vector<std::string>& slo,
                           std::span<const RoleSignals> roles) {
  return analyze_folder_result(dir, slo, roles).text;
}

FolderAnalysis analyze_folder_result(const std::string& dir, const std::vector<std::string>& slo,
                                     std::span<const RoleSignals> roles) {
  const fs::path p(dir);
  std::vector<LoadPoint> points;
  const bool is_sweep = fs::exists(p / "curve.csv");
  if (is_sweep)
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
                                                               : "a run folder gives latency_s.p50/p99, finality_s.p99, "
                                                                 "ttft_s.p50/p99, tpot_s.p99, delivered_rps and the signals "
                                                                 "per window"));
  std::string text;
  KneeOptions options;
  const bool default_terms = terms.empty();
  if (default_terms) {
    terms = default_slo_terms(points.front(), text);
    options.background_knee = true;
  }
  if (!is_sweep) {
    options.persistence = kRunPersistence;
    options.reference = run_start_point(p, roles);

  }
  const Knee knee = find_knee(points, terms, with_economy_rules(roles), options);
  std::string report = format_knee(knee, points);
  if (report.empty() || report.back() != '\n') report += '\n';
  if (!is_sweep)
    report += fmt::format("(a run: a knee holds for {} windows in a row; growth is judged against the run's first window)\n",
                          kRunPersistence);
  return FolderAnalysis{text + report, knee, terms, default_terms, is_sweep, std::move(points)};
}

}  // namespace opgsim::analysis
