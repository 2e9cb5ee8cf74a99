// A sweep's result curve: metric estimates (mean and 95 % confidence interval over replicated
// runs) at each combination of swept scenario parameters, and its curve.csv form. Used by
// `opgsim sweep` (writes it), `opgsim compare` and CI regression checks (read it). No SimGrid.
//
// curve.csv: a header `<param names...>,<m>_mean,<m>_ci95,<m>_n` for each metric m, then one row
// per point. Numbers are printed with %.10g; a metric missing at a point (n = 0) is three empty
// cells. Names are never quoted (no commas or line breaks in them); a parameter value holding a
// comma or a quote (a swept JSON value, e.g. [0.5,0.3,0.2]) is quoted as in RFC 4180, '"'
// doubled; values hold no line breaks.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace opgsim::analysis {

// Two-sided 95 % Student t quantile t_{0.975, df}, df >= 1 (throws std::invalid_argument for 0):
// a table to 1e-10 for df <= 30, the Cornish-Fisher expansion above (error < 3e-8), 1.959964 as
// df -> inf.
double student_t_975(std::uint32_t df);

// 95 % CI = mean +- ci95; ci95 = 0 when n < 2; mean = 0 when n = 0.
struct Estimate {
  double mean = 0;
  double ci95 = 0;
  std::uint32_t n = 0;
};

// Sample mean and t_{0.975, n-1} * s / sqrt(n) with the unbiased standard deviation s.
Estimate estimate(std::span<const double> samples);

struct CurvePoint {
  std::vector<std::string> params;   // one value per Curve::param_names, as written (e.g. "120")
  std::vector<Estimate> metrics;     // one per Curve::metric_names (n = 0: missing at this point)
};

struct Curve {
  std::vector<std::string> param_names;   // dotted scenario paths, e.g. "workload.arrivals.rate_rps"
  std::vector<std::string> metric_names;  // dotted summary.json paths, e.g. "latency_s.p99"
  std::vector<CurvePoint> points;
};

// curve.csv text. Throws opgsim::InputError for what the format cannot hold: a comma or line
// break in a name, a line break in a value, an empty name or parameter value, a parameter name ending in
// _mean/_ci95/_n, a duplicate name, a non-finite number; std::invalid_argument when a point's
// sizes do not match the names.
std::string to_csv(const Curve& c);

// The inverse. Parameter columns are those whose header does not end in _mean/_ci95/_n; metric
// columns come as complete triples `<m>_mean,<m>_ci95,<m>_n` in that order. Blank lines are
// skipped, a trailing \r is dropped. Throws opgsim::InputError "<file>:<line>: <what>" for a
// malformed file (bad header, wrong cell count, bad number, empty parameter value, repeated point).
Curve parse_curve_csv(const std::string& text, const std::string& file);

}  // namespace opgsim::analysis
