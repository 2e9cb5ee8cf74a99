// Draws what a new request is (its class and its prompt and output token counts) from a
// RequestMix. Open-loop rate processes and closed-loop users share it, so both lay out their
// random streams the same way: one class draw, then prompt, then output tokens.
// Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/rng.hpp"
#include "models/workload/arrivals.hpp"

namespace opgsim::workload {

class RequestSampler {
public:
  // Throws std::invalid_argument for negative, non-finite or all-zero class weights (the
  // scenario validator rejects those first). An empty weight list means one class.
  explicit RequestSampler(RequestMix mix);
  // Sets out.class_index, out.prompt_tokens and out.output_tokens (not out.time_s).
  void fill(Arrival& out, Rng& rng) const;

private:
  RequestMix mix_;
  std::vector<double> cumulative_;  // running sums of class_weights
  std::uint32_t last_positive_class_ = 0;
};

}  // namespace opgsim::workload
