// Saltelli sampling and the Sobol indices it estimates.
//
// Method (Saltelli et al. 2010, "Variance based sensitivity analysis of model output", Computer
// Physics Communications 181): two independent N x k matrices A and B of unit-cube points, and for
// each factor i the matrix AB_i (A with column i taken from B): N (k + 2) model runs. Per factor,
//   first order  S_i  = mean((f_B - m) (f_ABi - f_A)) / V  (Saltelli 2010, eq. (b) of table 2, with
//                      the outputs centred on their mean m: E[f_ABi - f_A] = 0, so the expectation is
//                      unchanged, but an outcome far from 0 (users, requests/s) no longer multiplies
//                      the noise; SALib standardises the outputs likewise)
//   total order  ST_i = mean((f_A - f_ABi)^2) / (2 V)      (Jansen 1999)
// with V the variance of f over A and B together. Points are pseudo-random (our seeded
// generator), so errors fall as 1 / sqrt(N); the bootstrap over the N rows gives confidence
// intervals. Groups of factors get a joint index from the same runs when the plan swaps the
// group's columns together (one AB matrix per group instead of per factor).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace opgsim::analysis {

// The unit-cube points of a Saltelli design: rows of A, then B, then AB_0 .. AB_{m-1}, each N rows
// of k coordinates. `blocks` says which columns each AB matrix takes from B: one block per factor
// (m = k), or one per group.
struct SaltelliPlan {
  std::size_t n = 0, k = 0;
  std::vector<std::vector<std::size_t>> blocks;  // columns swapped in AB_j
  std::vector<double> points;                     // (2 + blocks.size()) * n rows of k, row-major
  std::size_t rows() const { return (2 + blocks.size()) * n; }
  std::span<const double> row(std::size_t r) const { return {points.data() + r * k, k}; }
};

// blocks empty: one block per factor. seed: the stream the points come from.
SaltelliPlan saltelli_plan(std::size_t n, std::size_t k, std::uint64_t seed,
                           std::vector<std::vector<std::size_t>> blocks = {});

struct Interval {
  double estimate = 0, lo = 0, hi = 0;  // estimate and a percentile bootstrap interval
};

struct SobolIndices {
  std::vector<Interval> first, total;  // per block (factor or group)
  double variance = 0;
};

// Throws InputError unless `outputs` has one finite value per row of a plan of `rows` rows.
void check_outputs(std::size_t rows, std::span<const double> outputs);

// Indices from the outputs of every row of the plan, in plan order (outputs.size() == plan.rows()).
// resamples bootstrap resamples of the n rows (0: lo = hi = estimate), level the interval's
// coverage (0.95). Throws InputError if the outputs have no variance or contain NaN.
SobolIndices sobol_indices(const SaltelliPlan& plan, std::span<const double> outputs, std::uint32_t resamples,
                           double level, std::uint64_t seed);

}  // namespace opgsim::analysis
