// RequestSampler (see request_sampler.hpp).
#include "models/workload/request_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace opgsim::workload {

RequestSampler::RequestSampler(RequestMix mix) : mix_(std::move(mix)) {
  if (mix_.class_weights.empty()) mix_.class_weights.push_back(1.0);
  double total = 0;
  cumulative_.reserve(mix_.class_weights.size());
  for (double w : mix_.class_weights) {
    if (!(w >= 0) || !std::isfinite(w))
      throw std::invalid_argument("arrivals: class weights must be finite and non-negative");
    total += w;
    cumulative_.push_back(total);
  }
  if (!(total > 0)) throw std::invalid_argument("arrivals: class weights sum to zero");
  // The last class with a positive weight: the answer if rounding pushes u * total past the end.
  for (std::size_t i = cumulative_.size(); i-- > 0;)
    if (mix_.class_weights[i] > 0) {
      last_positive_class_ = static_cast<std::uint32_t>(i);
      break;
    }
}

void RequestSampler::fill(Arrival& out, Rng& rng) const {
  const double u = rng.uniform01() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  out.class_index =
      it == cumulative_.end() ? last_positive_class_ : static_cast<std::uint32_t>(it - cumulative_.begin());
  out.prompt_tokens = mix_.prompt_tokens.sample(rng);
  out.output_tokens = mix_.output_tokens.sample(rng);
}

}  // namespace opgsim::workload
