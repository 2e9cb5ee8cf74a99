// Regression check of one curve against a baseline (`opgsim compare`, CI): every baseline point and
// metric is looked up in the current curve by its parameter values and name, and its mean compared
// within a relative tolerance in the metric's bad direction; a change beyond it is a regression
// only when the two 95 % confidence intervals are disjoint (or either side has a single run).
// No SimGrid.
#pragma once

#include <string>
#include <vector>

#include "analysis/curve.hpp"

namespace opgsim::analysis {

enum class Better { Higher, Lower, Either };

// Which way is good for a metric name: Higher for names containing "throughput" or "success";
// Lower for names starting with "latency", "ttft", "tpot", "finality", "stages.", "freshness" or
// containing "backlog", "timed_out", "failed", "rejected" or "invalid"; Either otherwise.
Better better_direction(const std::string& metric);

struct CompareOptions {
  double tolerance = 0.05;          // relative change allowed in the bad direction (and in both for Either)
  double abs_floor = 1e-9;          // |baseline mean| below this: compare absolutely against tolerance instead
  std::vector<std::string> only;    // if non-empty, compare only these metrics (each must be in the baseline)
};

struct MetricDiff {
  std::vector<std::string> params;
  std::string metric;
  Estimate baseline, current;
  double rel_change = 0;            // (current - baseline) / |baseline|; current - baseline under abs_floor
  bool regression = false;          // worse than tolerance AND, when both sides have a CI (n >= 2), disjoint CIs
  std::string note;                 // "worse by 12.3 % (tolerance 5 %), CIs disjoint", "within tolerance", ...
  bool absolute = false;            // |baseline mean| < abs_floor: rel_change is the absolute change
};

struct Comparison {
  std::vector<MetricDiff> rows;          // baseline point order, then metric order
  std::vector<std::string> missing;      // baseline points or metrics absent from the current curve
  std::vector<std::string> param_names;  // the curves' parameter names (format_comparison's header)
  bool regression() const;               // any row regression or anything missing
};

// Points are matched by their parameter values. Throws opgsim::InputError when the param_names
// differ (naming both lists), when a curve repeats a point, or when `only` names a metric the
// baseline does not have. Points and metrics only in the current curve are ignored.
Comparison compare(const Curve& baseline, const Curve& current, const CompareOptions& opt);

// A plain-text aligned table (params, metric, baseline mean +- ci, current mean +- ci, change,
// verdict) with regressions first, marked REGRESSION, then the missing items, then one verdict
// line: "N regression(s) in M comparison(s)" or "no regression in M comparison(s)".
std::string format_comparison(const Comparison& c);

}  // namespace opgsim::analysis
