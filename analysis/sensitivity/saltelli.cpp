// Saltelli design and Sobol estimators with a bootstrap (see saltelli.hpp).
#include "analysis/sensitivity/saltelli.hpp"

#include <algorithm>
#include <cmath>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

namespace opgsim::analysis {
namespace {

struct Sums {
  double first = 0, total = 0;
};

// The estimators over the rows `idx` (a bootstrap resample or 0..n-1).
void estimate(const SaltelliPlan& p, std::span<const double> y, std::span<const std::size_t> idx,
              std::vector<double>& first, std::vector<double>& total, double& variance) {
  const std::size_t n = p.n;
  double mean = 0;
  for (std::size_t r : idx) mean += y[r] + y[n + r];
  mean /= 2.0 * static_cast<double>(idx.size());
  double var = 0;
  for (std::size_t r : idx) var += (y[r] - mean) * (y[r] - mean) + (y[n + r] - mean) * (y[n + r] - mean);
  var /= 2.0 * static_cast<double>(idx.size()) - 1;
  variance = var;
  for (std::size_t b = 0; b < p.blocks.size(); ++b) {
    const std::size_t off = (2 + b) * n;
    Sums s;
    for (std::size_t r : idx) {
      const double fa = y[r], fb = y[n + r], fab = y[off + r];
      s.first += (fb - mean) * (fab - fa);  // centred: the same expectation, far less noise when |mean| >> sd
      s.total += (fa - fab) * (fa - fab);
    }
    const auto m = static_cast<double>(idx.size());
    first[b] = s.first / m / var;
    total[b] = s.total / m / (2 * var);
  }
}

double percentile(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

}  // namespace

SaltelliPlan saltelli_plan(std::size_t n, std::size_t k, std::uint64_t seed, std::vector<std::vector<std::size_t>> blocks) {
  SaltelliPlan p;
  p.n = n;
  p.k = k;
  if (blocks.empty())
    for (std::size_t i = 0; i < k; ++i) blocks.push_back({i});
  p.blocks = std::move(blocks);
  p.points.resize(p.rows() * k);
  Rng rng(seed);
  for (std::size_t r = 0; r < 2 * n; ++r)
    for (std::size_t c = 0; c < k; ++c) p.points[r * k + c] = rng.uniform01();
  for (std::size_t b = 0; b < p.blocks.size(); ++b)
    for (std::size_t r = 0; r < n; ++r) {
      double* row = p.points.data() + ((2 + b) * n + r) * k;
      std::copy_n(p.points.data() + r * k, k, row);  // A
      for (std::size_t c : p.blocks[b]) row[c] = p.points[(n + r) * k + c];  // column(s) from B
    }
  return p;
}

void check_outputs(std::size_t rows, std::span<const double> outputs) {
  if (outputs.size() != rows)
    throw InputError("sensitivity: " + std::to_string(outputs.size()) + " outputs for a plan of " +
                     std::to_string(rows) + " runs");
  for (double y : outputs)
    if (!std::isfinite(y)) throw InputError("sensitivity: an outcome is not a finite number (a run did not report it)");
}

SobolIndices sobol_indices(const SaltelliPlan& plan, std::span<const double> outputs, std::uint32_t resamples,
                           double level, std::uint64_t seed) {
  check_outputs(plan.rows(), outputs);
  const std::size_t m = plan.blocks.size();
  std::vector<std::size_t> idx(plan.n);
  for (std::size_t r = 0; r < plan.n; ++r) idx[r] = r;
  std::vector<double> first(m), total(m);
  SobolIndices out;
  estimate(plan, outputs, idx, first, total, out.variance);
  if (!(out.variance > 0)) throw InputError("sensitivity: the outcome does not vary over the design (variance 0)");
  out.first.resize(m);
  out.total.resize(m);
  for (std::size_t b = 0; b < m; ++b) {
    out.first[b] = {first[b], first[b], first[b]};
    out.total[b] = {total[b], total[b], total[b]};
  }
  if (resamples == 0) return out;
  std::vector<std::vector<double>> bf(m), bt(m);
  Rng rng(seed);
  std::vector<double> f(m), t(m);
  double v = 0;
  for (std::uint32_t s = 0; s < resamples; ++s) {
    for (std::size_t r = 0; r < plan.n; ++r) idx[r] = rng.below(plan.n);
    estimate(plan, outputs, idx, f, t, v);
    if (!(v > 0)) continue;
    for (std::size_t b = 0; b < m; ++b) {
      bf[b].push_back(f[b]);
      bt[b].push_back(t[b]);
    }
  }
  const double tail = (1 - level) / 2;
  for (std::size_t b = 0; b < m && !bf[b].empty(); ++b) {
    out.first[b].lo = percentile(bf[b], tail);
    out.first[b].hi = percentile(bf[b], 1 - tail);
    out.total[b].lo = percentile(bt[b], tail);
    out.total[b].hi = percentile(bt[b], 1 - tail);
  }
  return out;
}

}  // namespace opgsim::analysis
