// A sensitivity study as a zipped sweep, and its indices from the sweep's curve (see study.hpp).
#include "analysis/sensitivity/study.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "analysis/io/atomic_file.hpp"
#include "analysis/sensitivity/indices_columns.hpp"
#include "analysis/sensitivity/morris.hpp"
#include "analysis/sensitivity/saltelli.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {
namespace {

using Method = SensitivitySpec::Method;

// Saltelli blocks: one per factor (unless groups_only), then one per group (its members' columns
// swapped together).
std::vector<std::vector<std::size_t>> sobol_blocks(const SensitivitySpec& spec) {
  std::vector<std::vector<std::size_t>> blocks;
  if (!spec.groups_only)
    for (std::size_t i = 0; i < spec.factors.size(); ++i) blocks.push_back({i});
  for (const std::string& g : factor_groups(spec)) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < spec.factors.size(); ++i)
      if (spec.factors[i].group == g) members.push_back(i);
    blocks.push_back(members);
  }
  return blocks;
}

// The design's unit-cube rows.
std::vector<std::vector<double>> design_rows(const SensitivitySpec& spec) {
  std::vector<std::vector<double>> rows;
  const std::size_t k = spec.factors.size();
  if (spec.method == Method::Sobol) {
    const SaltelliPlan p = saltelli_plan(spec.samples, k, spec.design_seed, sobol_blocks(spec));
    for (std::size_t r = 0; r < p.rows(); ++r) rows.emplace_back(p.row(r).begin(), p.row(r).end());
  } else {
    const MorrisPlan p = morris_plan(spec.samples, k, spec.levels, spec.design_seed);
    for (std::size_t r = 0; r < p.rows(); ++r) rows.emplace_back(p.row(r).begin(), p.row(r).end());
  }
  return rows;
}


const char* method_name(Method m) { return m == Method::Sobol ? "sobol" : "morris"; }

}  // namespace

std::vector<std::string> factor_groups(const SensitivitySpec& spec) {
  std::vector<std::string> groups;
  for (const Factor& f : spec.factors)
    if (!f.group.empty() && std::find(groups.begin(), groups.end(), f.group) == groups.end()) groups.push_back(f.group);
  return groups;
}

void assign_group(SensitivitySpec& spec, const std::string& text) {
  const auto fail = [&](const std::string& what) { throw InputError(fmt::format("--group '{}': {}", text, what)); };
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) fail("expected name=path1,path2,...");
  const std::string name = text.substr(0, eq);
  for (std::size_t b = eq + 1, c; b <= text.size(); b = c + 1) {
    c = std::min(text.find(',', b), text.size());
    const std::string path = text.substr(b, c - b);
    const auto it = std::find_if(spec.factors.begin(), spec.factors.end(), [&](const Factor& f) { return f.path == path; });
    if (it == spec.factors.end()) fail(fmt::format("'{}' is not a --factor's path", path));
    if (!it->group.empty() && it->group != name) fail(fmt::format("'{}' is already in group '{}'", path, it->group));
    it->group = name;
  }
}

std::size_t study_points(const SensitivitySpec& spec) {
  const std::size_t k = spec.factors.size();
  if (spec.method == Method::Morris) return spec.samples * (k + 1);
  return spec.samples * ((spec.groups_only ? 0 : k) + 2 + factor_groups(spec).size());
}

SweepSpec study_sweep(const SensitivitySpec& spec) {
  if (spec.factors.empty()) throw InputError("sensitivity: give at least one --factor");
  if (spec.samples < 2) throw InputError(fmt::format("sensitivity: --samples must be >= 2, got {}", spec.samples));
  std::set<std::string> paths;
  for (const Factor& f : spec.factors)
    if (!paths.insert(f.path).second) throw InputError(fmt::format("--factor {}: given twice", f.path));
  if (spec.groups_only) {
    if (spec.method != Method::Sobol) throw InputError("--groups-only: group indices are Sobol indices (not --method morris)");
    for (const Factor& f : spec.factors)
      if (f.group.empty())
        throw InputError(fmt::format("--groups-only: factor {} is in no group (give it @group or a --group)", f.path));
  }
  SweepSpec s;
  s.scenario = spec.target;
  s.command = spec.function ? "eval-function" : "run";
  s.zip = true;
  s.replications = spec.replications;
  s.sets = spec.sets;
  s.cfgs = spec.cfgs;
  s.base_seed = spec.base_seed;
  const auto rows = design_rows(spec);
  for (std::size_t i = 0; i < spec.factors.size(); ++i) {
    const Factor& f = spec.factors[i];
    SweepParam p{f.path, {}};
    p.values.reserve(rows.size());
    for (const auto& row : rows) p.values.push_back(factor_text(f, row[i]));
    s.params.push_back(std::move(p));
    if (f.complement.empty()) continue;
    if (!paths.insert(f.complement).second) throw InputError(fmt::format("--factor {}: complement {} is given twice", f.path, f.complement));
    SweepParam c{f.complement, {}};
    for (const auto& row : rows) c.values.push_back(complement_text(f, row[i]));
    s.params.push_back(std::move(c));
  }
  return s;
}

nlohmann::json to_json(const SensitivitySpec& spec) {
  nlohmann::json factors = nlohmann::json::array();
  for (const Factor& f : spec.factors)
  {
    nlohmann::json jf = {{"path", f.path}, {"lo", f.lo}, {"hi", f.hi}, {"log", f.log}, {"integer", f.integer}, {"group", f.group}};
    // Written only when used, so that older sensitivity.json files still match.
    if (f.step > 0) jf["step"] = f.step;
    if (!f.choices.empty()) jf["choices"] = f.choices;
    if (!f.complement.empty()) jf["complement"] = f.complement;
    factors.push_back(std::move(jf));
  }
  nlohmann::json j = {{"target", spec.target},       {"function", spec.function},   {"factors", factors},
                      {"outcomes", spec.outcomes},   {"method", method_name(spec.method)}, {"samples", spec.samples},
                      {"levels", spec.levels},       {"replications", spec.replications}, {"bootstrap", spec.bootstrap},
                      {"design_seed", spec.design_seed}, {"sets", spec.sets},       {"base_seed", spec.base_seed}};
  if (!spec.cfgs.empty()) j["cfgs"] = spec.cfgs;  // absent without --cfg (older study.json)
  if (spec.groups_only) j["groups_only"] = true;  // absent otherwise (older study.json)
  return j;
}

SensitivitySpec sensitivity_from_json(const nlohmann::json& j, const std::string& file) {
  try {
    SensitivitySpec s;
    s.target = j.at("target");
    s.function = j.at("function");
    for (const auto& f : j.at("factors")) {
      Factor x;
      x.path = f.at("path");
      x.lo = f.at("lo");
      x.hi = f.at("hi");
      x.log = f.at("log");
      x.integer = f.at("integer");
      x.group = f.at("group");
      x.step = f.value("step", 0.0);
      x.choices = f.value("choices", std::vector<std::string>{});
      x.complement = f.value("complement", std::string{});
      s.factors.push_back(std::move(x));
    }
    s.outcomes = j.at("outcomes").get<std::vector<std::string>>();
    s.method = j.at("method") == "sobol" ? Method::Sobol : Method::Morris;
    s.samples = j.at("samples");
    s.levels = j.at("levels");
    s.replications = j.at("replications");
    s.bootstrap = j.at("bootstrap");
    s.design_seed = j.at("design_seed");
    s.sets = j.at("sets").get<std::vector<std::string>>();
    s.cfgs = j.value("cfgs", std::vector<std::string>{});
    s.groups_only = j.value("groups_only", false);
    s.base_seed = j.at("base_seed");
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not a sensitivity study ({})", file, e.what()));
  }
}

std::string write_indices(const SensitivitySpec& spec, const Curve& curve, const std::string& dir) {
  const output::IndexFile file{spec.method == Method::Sobol};
  const output::IndicesTable& table = output::indices_columns();
  std::string csv = table.header(file);
  std::string text;
  const std::vector<std::string> groups = factor_groups(spec);
  const std::size_t factor_blocks = spec.groups_only ? 0 : spec.factors.size();
  Curve index_curve;  // the Sobol indices in curve.csv form (see write_indices)
  index_curve.param_names = {"outcome", "name"};
  index_curve.metric_names = {"first", "total"};
  const auto half_width = [](double est, double lo, double hi) { return std::max(est - lo, hi - est); };
  for (const std::string& outcome : spec.outcomes) {
    const auto it = std::find(curve.metric_names.begin(), curve.metric_names.end(), outcome);
    if (it == curve.metric_names.end())
      throw InputError(fmt::format("sensitivity: no run reports the outcome '{}' (a summary.json path)", outcome));
    const auto m = static_cast<std::size_t>(it - curve.metric_names.begin());
    std::vector<double> y;
    for (std::size_t p = 0; p < curve.points.size(); ++p) {
      if (curve.points[p].metrics[m].n == 0)
        throw InputError(fmt::format("sensitivity: point {} has no value of '{}' (run not finished, or the metric "
                                     "is absent there)",
                                     p, outcome));
      y.push_back(curve.points[p].metrics[m].mean);
    }
    text += fmt::format("{} ({}):\n", outcome, method_name(spec.method));
    if (std::all_of(y.begin(), y.end(), [&](double v) { return v == y.front(); })) {
      // Nothing to explain (every operator stays at every point, say): no rows, not an error,
      // so that the study's other outcomes still get their indices.
      text += fmt::format("  the outcome is {:.6g} at every point: no variance to explain, no indices\n", y.front());
      continue;
    }
    if (spec.method == Method::Sobol) {
      SaltelliPlan plan;  // only the layout matters here: n and the blocks
      plan.n = spec.samples;
      plan.k = spec.factors.size();
      plan.blocks = sobol_blocks(spec);
      const SobolIndices s = sobol_indices(plan, y, spec.bootstrap, 0.95, spec.design_seed ^ 0x5eed);
      text += fmt::format("  {:<44} {:>22} {:>22}\n", "factor", "first order [95 %]", "total [95 %]");
      for (std::size_t b = 0; b < plan.blocks.size(); ++b) {
        const bool group = b >= factor_blocks;
        output::IndexRow row;
        row.outcome = outcome;
        row.name = group ? groups[b - factor_blocks] : spec.factors[b].path;
        row.kind = group ? "group" : "factor";
        row.first = s.first[b].estimate, row.first_lo = s.first[b].lo, row.first_hi = s.first[b].hi;
        row.total = s.total[b].estimate, row.total_lo = s.total[b].lo, row.total_hi = s.total[b].hi;
        table.append_row(csv, row, file);
        const auto n = static_cast<std::uint32_t>(spec.samples);
        index_curve.points.push_back(
            {{outcome, (group ? "group:" : "") + row.name},
             {{row.first, half_width(row.first, row.first_lo, row.first_hi), n},
              {row.total, half_width(row.total, row.total_lo, row.total_hi), n}}});
        text += fmt::format("  {:<44} {:>6.3f} [{:.3f}, {:.3f}] {:>6.3f} [{:.3f}, {:.3f}]\n",
                            (group ? "group " : "") + row.name, row.first, row.first_lo, row.first_hi, row.total,
                            row.total_lo, row.total_hi);
      }
    } else {
      const MorrisPlan full = morris_plan(spec.samples, spec.factors.size(), spec.levels, spec.design_seed);
      const MorrisEffects e = morris_effects(full, y, spec.bootstrap, 0.95, spec.design_seed ^ 0x5eed);
      text += fmt::format("  {:<44} {:>12} {:>24} {:>12}\n", "factor", "mu", "mu* [95 %]", "sigma");
      for (std::size_t i = 0; i < spec.factors.size(); ++i) {
        output::IndexRow row;
        row.outcome = outcome;
        row.name = spec.factors[i].path;
        row.kind = "factor";
        row.mu = e.mu[i], row.mu_star = e.mu_star[i].estimate, row.mu_star_lo = e.mu_star[i].lo;
        row.mu_star_hi = e.mu_star[i].hi, row.sigma = e.sigma[i];
        table.append_row(csv, row, file);
        text += fmt::format("  {:<44} {:>12.4g} {:>10.4g} [{:.4g}, {:.4g}] {:>12.4g}\n", row.name, row.mu, row.mu_star,
                            row.mu_star_lo, row.mu_star_hi, row.sigma);
      }
    }
  }
  write_file_atomically((std::filesystem::path(dir) / "indices.csv").string(), csv);
  text += fmt::format("indices: {}/indices.csv\n", dir);
  if (spec.method == Method::Sobol)
    write_file_atomically((std::filesystem::path(dir) / "indices_curve.csv").string(), to_csv(index_curve));
  return text;
}

}  // namespace opgsim::analysis
