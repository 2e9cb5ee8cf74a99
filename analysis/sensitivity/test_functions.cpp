// Ishigami and Sobol's g-function with their closed-form indices (see test_functions.hpp).
#include "analysis/sensitivity/test_functions.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace opgsim::analysis {
namespace {

constexpr double kA = 7, kB = 0.1;  // Ishigami's usual constants
constexpr std::array<double, 8> kG = {0, 1, 4.5, 9, 99, 99, 99, 99};  // g-function a_i (Saltelli et al. 2008)

double ishigami(std::span<const double> x) {
  return std::sin(x[0]) + kA * std::sin(x[1]) * std::sin(x[1]) + kB * std::pow(x[2], 4) * std::sin(x[0]);
}

double sobol_g(std::span<const double> x) {
  double g = 1;
  for (std::size_t i = 0; i < kG.size(); ++i) g *= (std::fabs(4 * x[i] - 2) + kG[i]) / (1 + kG[i]);
  return g;
}

const std::array kFunctions{
    TestFunction{"ishigami", {"x1", "x2", "x3"}, &ishigami,
                 "sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1, each x in [-pi, pi] (Ishigami & Homma 1990); "
                 "S = 0.314, 0.442, 0; ST = 0.558, 0.442, 0.244"},
    TestFunction{"sobol_g", {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"}, &sobol_g,
                 "prod (|4 x_i - 2| + a_i) / (1 + a_i), x in [0, 1], a = 0, 1, 4.5, 9, 99, 99, 99, 99 "
                 "(Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, 3.6)"},
};

}  // namespace

std::span<const TestFunction> test_functions() { return kFunctions; }

const TestFunction* find_test_function(std::string_view name) {
  for (const TestFunction& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

KnownIndices known_indices(std::string_view name) {
  KnownIndices k;
  if (name == "ishigami") {
    const double pi = std::numbers::pi;
    const double v1 = 0.5 * std::pow(1 + kB * std::pow(pi, 4) / 5, 2);
    const double v2 = kA * kA / 8;
    const double v13 = kB * kB * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
    const double v = v1 + v2 + v13;
    k.first = {v1 / v, v2 / v, 0};
    k.total = {(v1 + v13) / v, v2 / v, v13 / v};
    return k;
  }
  if (name == "sobol_g") {
    // V_i = 1 / (3 (1 + a_i)^2); V = prod (1 + V_i) - 1; ST_i = V_i prod_{j != i} (1 + V_j) / V.
    std::vector<double> vi;
    double prod = 1;
    for (double a : kG) {
      vi.push_back(1.0 / (3 * (1 + a) * (1 + a)));
      prod *= 1 + vi.back();
    }
    const double v = prod - 1;
    for (double x : vi) {
      k.first.push_back(x / v);
      k.total.push_back(x * prod / (1 + x) / v);
    }
    return k;
  }
  throw std::invalid_argument("known_indices: no test function " + std::string(name));
}

}  // namespace opgsim::analysis
