// Morris trajectories and elementary-effect statistics (see morris.hpp).
#include "analysis/sensitivity/morris.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"

namespace opgsim::analysis {

MorrisPlan morris_plan(std::size_t r, std::size_t k, std::uint32_t levels, std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0) throw std::invalid_argument("morris_plan: levels must be even and >= 2");
  MorrisPlan p;
  p.r = r;
  p.k = k;
  p.levels = levels;
  p.delta = levels / (2.0 * (levels - 1));
  p.points.resize(p.rows() * k);
  p.moved.resize(p.rows());
  p.direction.resize(p.rows());
  Rng rng(seed);
  std::vector<double> x(k);
  std::vector<std::int8_t> dir(k);
  std::vector<std::size_t> order(k);
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t i = 0; i < k; ++i) {
      // A base level from the lower half, so that base + Delta stays on the grid.
      const double base = static_cast<double>(rng.below(levels / 2)) / (levels - 1);
      dir[i] = rng.below(2) == 0 ? 1 : -1;
      x[i] = dir[i] > 0 ? base : base + p.delta;
    }
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);  // Fisher-Yates
    const std::size_t first = t * (k + 1);
    std::copy(x.begin(), x.end(), p.points.begin() + static_cast<std::ptrdiff_t>(first * k));
    p.moved[first] = k;
    p.direction[first] = 0;
    for (std::size_t j = 0; j < k; ++j) {
      const std::size_t i = order[j];
      x[i] += dir[i] * p.delta;
      const std::size_t row = first + j + 1;
      std::copy(x.begin(), x.end(), p.points.begin() + static_cast<std::ptrdiff_t>(row * k));
      p.moved[row] = i;
      p.direction[row] = dir[i];
    }
  }
  return p;
}

MorrisEffects morris_effects(const MorrisPlan& plan, std::span<const double> outputs, std::uint32_t resamples,
                             double level, std::uint64_t seed) {
  check_outputs(plan.rows(), outputs);
  const std::size_t k = plan.k, r = plan.r;
  std::vector<double> ee(r * k);  // ee[t * k + i]
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t j = 1; j <= k; ++j) {
      const std::size_t row = t * (k + 1) + j;
      ee[t * k + plan.moved[row]] = (outputs[row] - outputs[row - 1]) / (plan.direction[row] * plan.delta);
    }
  MorrisEffects out;
  out.mu.assign(k, 0);
  out.sigma.assign(k, 0);
  out.mu_star.assign(k, {});
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0, abs_sum = 0;
    for (std::size_t t = 0; t < r; ++t) {
      sum += ee[t * k + i];
      abs_sum += std::fabs(ee[t * k + i]);
    }
    out.mu[i] = sum / r;
    const double ms = abs_sum / r;
    out.mu_star[i] = {ms, ms, ms};
    double ss = 0;
    for (std::size_t t = 0; t < r; ++t) ss += (ee[t * k + i] - out.mu[i]) * (ee[t * k + i] - out.mu[i]);
    out.sigma[i] = r > 1 ? std::sqrt(ss / (r - 1)) : 0;
  }
  if (resamples == 0 || r < 2) return out;
  Rng rng(seed);
  std::vector<std::vector<double>> boot(k);
  for (std::uint32_t s = 0; s < resamples; ++s) {
    std::vector<double> acc(k, 0);
    for (std::size_t n = 0; n < r; ++n) {
      const std::size_t t = rng.below(r);
      for (std::size_t i = 0; i < k; ++i) acc[i] += std::fabs(ee[t * k + i]);
    }
    for (std::size_t i = 0; i < k; ++i) boot[i].push_back(acc[i] / r);
  }
  const double tail = (1 - level) / 2;
  for (std::size_t i = 0; i < k; ++i) {
    auto& v = boot[i];
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) { return v[static_cast<std::size_t>(std::lround(q * static_cast<double>(v.size() - 1)))]; };
    out.mu_star[i].lo = at(tail);
    out.mu_star[i].hi = at(1 - tail);
  }
  return out;
}

}  // namespace opgsim::analysis
