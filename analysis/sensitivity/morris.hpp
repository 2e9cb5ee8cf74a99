// Morris elementary effects: a cheap screening of which factors matter at all.
//
// Method (Morris 1991, "Factorial sampling plans for preliminary computational experiments",
// Technometrics 33; mu* from Campolongo, Cariboni & Saltelli 2007): r trajectories on a p-level
// grid of the unit cube, each k + 1 points long, moving one factor at a time by Delta =
// p / (2 (p - 1)) up or down in a random order. The elementary effect of factor i on a trajectory
// is (f(after) - f(before)) / (+-Delta), in unit-cube units (so factors compare on their ranges).
// Per factor: mu (mean effect), mu* (mean absolute effect: importance) and sigma (spread:
// nonlinearity or interactions), with a bootstrap interval of mu* over the trajectories.
// r (k + 1) runs in all.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/sensitivity/saltelli.hpp"

namespace opgsim::analysis {

struct MorrisPlan {
  std::size_t r = 0, k = 0;
  std::uint32_t levels = 4;
  double delta = 0;
  std::vector<double> points;            // r * (k + 1) rows of k, trajectory-major
  std::vector<std::size_t> moved;        // per row: the factor moved to reach it (row 0 of a trajectory: k)
  std::vector<std::int8_t> direction;    // per row: +1 or -1 (row 0: 0)
  std::size_t rows() const { return r * (k + 1); }
  std::span<const double> row(std::size_t i) const { return {points.data() + i * k, k}; }
};

// levels must be even and >= 2 (std::invalid_argument otherwise).
MorrisPlan morris_plan(std::size_t r, std::size_t k, std::uint32_t levels, std::uint64_t seed);

struct MorrisEffects {
  std::vector<double> mu, sigma;
  std::vector<Interval> mu_star;
};

// Effects from the outputs of every row, in plan order. Throws InputError on a size mismatch or a
// non-finite outcome.
MorrisEffects morris_effects(const MorrisPlan& plan, std::span<const double> outputs, std::uint32_t resamples,
                             double level, std::uint64_t seed);

}  // namespace opgsim::analysis
