// A sweep's curve.csv and its printed table (see curve_writer.hpp).
#include "analysis/sweep/curve_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "analysis/io/atomic_file.hpp"
#include "analysis/sweep/sweep_collect.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

std::string write_curve(const SweepSpec& spec, const std::string& dir, const std::vector<std::string>& metrics,
                        std::span<const RoleSignals> roles, std::size_t* not_finished) {
  std::vector<std::string> missing;
  std::map<std::string, std::string> lacking;  // requested metric -> the first finished run without it
  const Curve curve = collect_curve(spec, dir, metrics, missing, roles, &lacking);
  if (not_finished != nullptr) *not_finished = missing.size();
  write_file_atomically((fs::path(dir) / "curve.csv").string(), to_csv(curve));
  // A requested metric is never silently dropped: one warning per metric some finished run lacks
  // (on stderr, so the table on stdout stays the same), and an error for one no finished run has.
  const std::size_t finished = plan_sweep(spec, dir).size() - missing.size();
  std::vector<std::string> absent;
  for (const std::string& m : metrics) {
    const auto it = lacking.find(m);
    if (finished == 0 || it == lacking.end()) continue;
    if (std::find(curve.metric_names.begin(), curve.metric_names.end(), m) == curve.metric_names.end()) {
      if (std::find(absent.begin(), absent.end(), m) == absent.end()) absent.push_back(m);
      continue;
    }
    std::cerr << fmt::format("warning: --metric {}: absent from some runs, first {}/{}/summary.json; its _n counts "
                             "the runs that have it\n",
                             m, dir, it->second);
  }
  if (!absent.empty()) {
    std::string names;
    for (const std::string& m : absent) names += (names.empty() ? "" : ", ") + m;
    throw InputError(fmt::format("--metric {}: no finished run has a number there (absent from their summary.json, "
                                 "first {}/{}); curve.csv was written without it",
                                 names, dir, lacking.at(absent.front())));
  }
  const auto col = [&](const char* m) -> std::ptrdiff_t {
    const auto it = std::find(curve.metric_names.begin(), curve.metric_names.end(), m);
    return it == curve.metric_names.end() ? -1 : it - curve.metric_names.begin();
  };
  std::string text = fmt::format("{:>4}  {:<28} {:>22} {:>22} {:>22}\n", "pt", "parameters", "throughput (rps)",
                                 "latency p99 (s)", "success ratio");
  for (std::size_t p = 0; p < curve.points.size(); ++p) {
    std::string params;
    for (std::size_t k = 0; k < curve.param_names.size(); ++k) params += (k ? " " : "") + curve.points[p].params[k];
    const auto cell = [&](std::ptrdiff_t c) {
      if (c < 0 || curve.points[p].metrics[c].n == 0) return std::string("-");
      const auto& e = curve.points[p].metrics[c];
      return fmt::format("{:.4g} ± {:.2g}", e.mean, e.ci95);
    };
    text += fmt::format("{:>4}  {:<28} {:>22} {:>22} {:>22}\n", p, params, cell(col("throughput_rps")),
                        cell(col("latency_s.p99")), cell(col("measured.success_ratio")));
  }
  text += fmt::format("curve: {}/curve.csv ({} points, {} metrics){}\n", dir, curve.points.size(),
                      curve.metric_names.size(),
                      missing.empty() ? "" : fmt::format("; {} runs not finished", missing.size()));
  return text;
}

SweepSpec read_sweep_spec(const std::string& dir) {
  const fs::path sweep_file = fs::path(dir) / "sweep.json";
  std::ifstream in(sweep_file);
  if (!in) throw InputError(fmt::format("{}: no sweep here (opgsim sweep writes sweep.json)", sweep_file.string()));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: malformed JSON ({})", sweep_file.string(), e.what()));
  }
  return sweep_from_json(j, sweep_file.string());
}

}  // namespace opgsim::analysis
