// Distributions of prompt and output token counts (scenario `workload.prompt_tokens` and
// `workload.output_tokens`): constant, uniform, lognormal. Pure: no SimGrid.
#pragma once

#include <cstdint>

#include "models/common/rng.hpp"

namespace opgsim::workload {

struct TokenDistribution {
  enum class Type { Constant, Uniform, Lognormal };
  Type type = Type::Constant;
  double value = 1;      // constant
  double min = 1;        // uniform bounds (inclusive), and the clamp for lognormal
  double max = 1;
  double median = 1;     // lognormal: exp(mu)
  double sigma = 0;      // lognormal: standard deviation of ln(x)

  // One draw, rounded to an integer and clamped to [max(1, min), max] (lognormal) or
  // [min, max] (uniform, integers drawn uniformly). Every draw is at least 1 token (a constant or
  // uniform bound below 1 is raised to 1). Lognormal needs max set: the default 1 clamps every
  // draw to 1. Constant consumes no random numbers; uniform one below(); lognormal one normal().
  std::uint32_t sample(Rng& rng) const;
  // The mean of the (unclamped, unrounded) distribution: for documentation and sanity checks.
  double mean() const;
};

}  // namespace opgsim::workload
