// Curve regression check and its text table (see curve_compare.hpp).
#include "analysis/curve_compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string describe(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i)
    out += fmt::format("{}{}={}", i ? ", " : "", names[i], values[i]);
  return out.empty() ? "(no parameters)" : out;
}

// Params -> point index; a repeated point makes matching ambiguous.
std::map<std::vector<std::string>, std::size_t> index_points(const Curve& c, const char* which) {
  std::map<std::vector<std::string>, std::size_t> index;
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    const CurvePoint& p = c.points[i];
    if (p.params.size() != c.param_names.size() || p.metrics.size() != c.metric_names.size())
      throw std::invalid_argument(fmt::format("compare: {} point {} has {} parameters and {} metrics, expected {} and {}",
                                              which, i, p.params.size(), p.metrics.size(), c.param_names.size(),
                                              c.metric_names.size()));
    if (!index.emplace(p.params, i).second)
      throw InputError(fmt::format("compare: the {} curve has point {} twice", which, describe(c.param_names, p.params)));
  }
  return index;
}

std::size_t find_name(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

MetricDiff diff(const std::vector<std::string>& params, const std::string& metric, const Estimate& b,
                const Estimate& c, const CompareOptions& opt) {
  MetricDiff d;
  d.params = params;
  d.metric = metric;
  d.baseline = b;
  d.current = c;
  d.absolute = std::abs(b.mean) < opt.abs_floor;
  const double delta = c.mean - b.mean;
  d.rel_change = d.absolute ? delta : delta / std::abs(b.mean);

  const Better dir = better_direction(metric);
  const double bad = dir == Better::Higher  ? -d.rel_change
                     : dir == Better::Lower ? d.rel_change
                                            : std::abs(d.rel_change);  // how far in the bad direction
  const std::string amount =
      d.absolute ? fmt::format("{:.4g} (absolute, baseline ~0; tolerance {:.4g})", std::abs(d.rel_change), opt.tolerance)
                 : fmt::format("{:.3g} % (tolerance {:.3g} %)", 100 * std::abs(d.rel_change), 100 * opt.tolerance);
  if (bad > opt.tolerance) {
    const bool both_ci = b.n >= 2 && c.n >= 2;
    const bool disjoint = b.mean + b.ci95 < c.mean - c.ci95 || c.mean + c.ci95 < b.mean - b.ci95;
    d.regression = !both_ci || disjoint;
    d.note = fmt::format("{} {}{}", dir == Better::Either ? "changed by" : "worse by", amount,
                         !both_ci ? ", no CI on one side" : disjoint ? ", CIs disjoint" : ", but CIs overlap");
  } else if (dir != Better::Either && -bad > opt.tolerance) {
    d.note = "better by " + amount.substr(0, amount.find(" ("));
  } else {
    d.note = "within tolerance";
  }
  return d;
}

std::string format_estimate(const Estimate& e) {
  if (e.n == 0) return "-";
  if (e.n == 1) return fmt::format("{:.6g} (n=1)", e.mean);
  return fmt::format("{:.6g} +- {:.3g} (n={})", e.mean, e.ci95, e.n);
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

Better better_direction(const std::string& metric) {
  const std::string_view m = metric;
  const auto has = [&](std::string_view s) { return m.find(s) != std::string_view::npos; };
  const auto starts = [&](std::string_view s) { return m.substr(0, s.size()) == s; };
  if (has("throughput") || has("success")) return Better::Higher;
  for (std::string_view p : {"latency", "ttft", "tpot", "finality", "stages.", "freshness"})
    if (starts(p)) return Better::Lower;
  for (std::string_view s : {"backlog", "timed_out", "failed", "rejected", "invalid"})
    if (has(s)) return Better::Lower;
  return Better::Either;
}

bool Comparison::regression() const {
  return !missing.empty() || std::any_of(rows.begin(), rows.end(), [](const MetricDiff& d) { return d.regression; });
}

Comparison compare(const Curve& baseline, const Curve& current, const CompareOptions& opt) {
  if (baseline.param_names != current.param_names)
    throw InputError(fmt::format("compare: the curves have different parameters: baseline ({}) vs current ({})",
                                 join(baseline.param_names), join(current.param_names)));
  index_points(baseline, "baseline");
  const auto current_points = index_points(current, "current");

  Comparison out;
  out.param_names = baseline.param_names;
  // The metrics to compare: (baseline column, current column or npos).
  std::vector<std::pair<std::size_t, std::size_t>> metrics;
  auto select = [&](std::size_t b) {
    const std::string& name = baseline.metric_names[b];
    const std::size_t c = find_name(current.metric_names, name);
    if (c == current.metric_names.size()) out.missing.push_back("metric " + name);
    metrics.emplace_back(b, c == current.metric_names.size() ? std::string::npos : c);
  };
  if (opt.only.empty()) {
    for (std::size_t b = 0; b < baseline.metric_names.size(); ++b) select(b);
  } else {
    for (const auto& name : opt.only) {
      const std::size_t b = find_name(baseline.metric_names, name);
      if (b == baseline.metric_names.size())
        throw InputError(fmt::format("compare: metric '{}' is not in the baseline curve (it has: {})", name,
                                     join(baseline.metric_names)));
      if (std::none_of(metrics.begin(), metrics.end(), [&](const auto& m) { return m.first == b; })) select(b);
    }
  }

  for (const CurvePoint& bp : baseline.points) {
    const auto it = current_points.find(bp.params);
    if (it == current_points.end()) {
      out.missing.push_back("point " + describe(baseline.param_names, bp.params));
      continue;
    }
    const CurvePoint& cp = current.points[it->second];
    for (const auto& [b, c] : metrics) {
      const Estimate& be = bp.metrics[b];
      if (be.n == 0 || c == std::string::npos) continue;  // nothing to compare / reported once above
      const std::string& name = baseline.metric_names[b];
      if (cp.metrics[c].n == 0) {
        out.missing.push_back(fmt::format("{} at {}", name, describe(baseline.param_names, bp.params)));
        continue;
      }
      out.rows.push_back(diff(bp.params, name, be, cp.metrics[c], opt));
    }
  }
  return out;
}

std::string format_comparison(const Comparison& c) {
  std::vector<const MetricDiff*> order;
  for (const auto& d : c.rows) order.push_back(&d);
  std::stable_partition(order.begin(), order.end(), [](const MetricDiff* d) { return d->regression; });

  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header = c.param_names;
  for (const char* h : {"metric", "baseline", "current", "change", "verdict"}) header.emplace_back(h);
  table.push_back(header);
  for (const MetricDiff* d : order) {
    std::vector<std::string> row = d->params;
    row.resize(c.param_names.size());
    row.push_back(d->metric);
    row.push_back(format_estimate(d->baseline));
    row.push_back(format_estimate(d->current));
    row.push_back(d->absolute ? fmt::format("{:+.4g} abs", d->rel_change) : fmt::format("{:+.1f} %", 100 * d->rel_change));
    row.push_back(d->regression ? "REGRESSION: " + d->note : d->note);
    table.push_back(std::move(row));
  }

  std::string out;
  if (!c.rows.empty()) {
    std::vector<std::size_t> width(header.size(), 0);
    for (const auto& row : table)
      for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], row[k].size());
    for (const auto& row : table) {
      std::string line;
      for (std::size_t k = 0; k < row.size(); ++k)
        line += k + 1 < row.size() ? fmt::format("{:<{}}  ", row[k], width[k]) : row[k];
      out += line + '\n';
    }
  }
  for (const auto& m : c.missing) out += "MISSING: " + m + '\n';

  const std::size_t regressions =
      c.missing.size() + static_cast<std::size_t>(std::count_if(c.rows.begin(), c.rows.end(),
                                                                [](const MetricDiff& d) { return d.regression; }));
  const std::size_t comparisons = c.rows.size() + c.missing.size();
  out += regressions == 0 ? fmt::format("no regression in {}\n", plural(comparisons, "comparison"))
                          : fmt::format("{} in {}\n", plural(regressions, "regression"), plural(comparisons, "comparison"));
  return out;
}

}  // namespace opgsim::analysis
