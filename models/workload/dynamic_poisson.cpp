// Poisson arrivals with a rate set from outside (see dynamic_poisson.hpp).
#include "models/workload/dynamic_poisson.hpp"

#include <cmath>
#include <stdexcept>

namespace opgsim::workload {

DynamicPoisson::DynamicPoisson(RequestMix mix, double end_s, Rng rng)
    : sampler_(std::move(mix)), end_s_(end_s), rng_(rng) {}

void DynamicPoisson::set_rate(double rate, double now) {
  if (!(rate >= 0) || !std::isfinite(rate)) throw std::invalid_argument("DynamicPoisson: rate must be finite and >= 0");
  rate_ = rate;
  t_ = now;
}

bool DynamicPoisson::next(Arrival& out) {
  if (rate_ <= 0) return false;
  t_ += rng_.exponential_mean(1.0 / rate_);
  if (t_ >= end_s_) {
    t_ = end_s_;
    return false;
  }
  out.time_s = t_;
  sampler_.fill(out, rng_);
  return true;
}

}  // namespace opgsim::workload
