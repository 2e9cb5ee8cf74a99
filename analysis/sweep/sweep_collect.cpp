// Runs to curve (see sweep_collect.hpp).
#include "analysis/sweep/sweep_collect.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "analysis/economy_rules.hpp"
#include "analysis/slo.hpp"
#include "models/common/input_error.hpp"
#include "analysis/io/output_folder.hpp"
#include "analysis/io/run_files.hpp"
#include "analysis/output/timeseries_columns.hpp"
#include "models/lifecycle/stage.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

std::vector<std::string> default_curve_metrics(std::span<const RoleSignals> roles) {
  std::vector<std::string> m{"offered_rps",    "throughput_rps", "measured.success_ratio", "latency_s.mean",
                             "latency_s.p50",  "latency_s.p99",  "ttft_s.p99",             "tpot_s.p99",
                             "finality_s.p50", "finality_s.p99", "freshness_s.p99"};
  for (const lifecycle::StageInfo& s : lifecycle::stage_table()) m.push_back(fmt::format("stages.{}.mean", s.name));
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals)
      if (d.summary == SignalSummary::MeasuredMean) m.emplace_back(d.summary_field);
  for (const char* s : {"measured.timed_out", "measured.rejected", "measured.failed", "measured.invalid"})
    m.emplace_back(s);
  // What the economy's knee rules read in a curve (summary.json paths; absent without an economy),
  // so that a sweep's diagnosis names the payment chain or users leaving without --metric.
  for (const KneeRule& rule : economy_rules().knee_rules)
    for (const auto& c : rule.conditions)
      if (c && !c->path.starts_with(kLedgerValuePrefix)) m.emplace_back(c->path);
  return m;
}

// The per-window signals, from the roles' declarations: a signal marked as a curve signal there
// is summarized here, so the two never disagree.
std::vector<std::string> signal_columns(std::span<const RoleSignals> roles) {
  std::vector<std::string> names;
  for (const output::SignalColumn& col : output::timeseries_signal_columns(roles)) names.emplace_back(col.name);
  return names;
}

namespace {
// Mean and max of the signal columns over the windows inside [warmup, duration].
void add_signals(const fs::path& csv_file, double from, double to, std::span<const RoleSignals> roles,
                 std::map<std::string, double>& out) {
  const Table t = read_csv(csv_file);
  const std::vector<double> t0 = t.numbers("t_start_s"), t1 = t.numbers("t_end_s");
  for (const std::string& name : signal_columns(roles)) {
    if (!t.has(name)) continue;
    const std::vector<double> v = t.numbers(name);
    double sum = 0, max = 0;
    std::size_t rows = 0;
    for (std::size_t r = 0; r < v.size(); ++r) {
      if (t0[r] < from || t1[r] > to) continue;
      max = rows == 0 ? v[r] : std::max(max, v[r]);
      sum += v[r];
      ++rows;
    }
    if (rows == 0) continue;
    out["signals." + name + ".mean"] = sum / static_cast<double>(rows);
    out["signals." + name + ".max"] = max;
  }
}
}  // namespace

std::map<std::string, double> run_metrics(const std::string& run_dir, const std::vector<std::string>& extra_metrics,
                                          std::span<const RoleSignals> roles) {
  const fs::path dir(run_dir);
  const nlohmann::json summary = read_json(dir / "summary.json");
  const nlohmann::json manifest = read_json(dir / "manifest.json");
  std::map<std::string, double> out;
  const std::vector<std::string> defaults = default_curve_metrics(roles);
  for (const auto* list : {&defaults, &extra_metrics})
    for (const std::string& path : *list)
      if (const auto v = analysis::json_number(summary, path)) out[path] = *v;
  const nlohmann::json& scenario = manifest.at("scenario");
  add_signals(dir / "timeseries.csv", scenario.at("warmup_s").get<double>(), scenario.at("duration_s").get<double>(),
              roles, out);
  return out;
}

analysis::Curve collect_curve(const SweepSpec& spec, const std::string& out_dir,
                              const std::vector<std::string>& extra_metrics, std::vector<std::string>& missing,
                              std::span<const RoleSignals> roles, std::map<std::string, std::string>* lacking) {
  analysis::Curve curve;
  for (const SweepParam& p : spec.params) curve.param_names.push_back(p.path);
  const std::vector<SweepRun> runs = plan_sweep(spec, out_dir);
  // Per point, per metric, the replications' values.
  std::vector<std::map<std::string, std::vector<double>>> values(point_count(spec));
  std::set<std::string> names;
  for (const SweepRun& run : runs) {
    const fs::path dir = fs::path(out_dir) / run.dir;
    if (!is_complete(dir)) {
      missing.push_back(run.dir);
      continue;
    }
    const std::map<std::string, double> metrics = run_metrics(dir.string(), extra_metrics, roles);
    for (const auto& [name, v] : metrics) {
      values[run.point][name].push_back(v);
      names.insert(name);
    }
    if (lacking != nullptr)
      for (const std::string& m : extra_metrics)
        if (!metrics.count(m)) lacking->emplace(m, run.dir);  // emplace keeps the first
  }
  // Metrics in a stable order: the defaults first, then the extras, then signals.
  const std::vector<std::string> defaults = default_curve_metrics(roles);
  for (const auto* list : {&defaults, &extra_metrics})
    for (const std::string& m : *list)
      if (names.count(m) && std::find(curve.metric_names.begin(), curve.metric_names.end(), m) == curve.metric_names.end())
        curve.metric_names.push_back(m);
  for (const std::string& m : names)
    if (m.rfind("signals.", 0) == 0) curve.metric_names.push_back(m);
  for (std::size_t point = 0; point < values.size(); ++point) {
    analysis::CurvePoint cp;
    cp.params = point_values(spec, point);
    for (const std::string& m : curve.metric_names) {
      const auto it = values[point].find(m);
      cp.metrics.push_back(it == values[point].end() ? analysis::Estimate{} : analysis::estimate(it->second));
    }
    curve.points.push_back(std::move(cp));
  }
  return curve;
}

}  // namespace opgsim::analysis
