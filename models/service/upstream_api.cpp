// Upstream API latency and rate limit (see upstream_api.hpp).
#include "models/service/upstream_api.hpp"

#include <algorithm>
#include <cmath>

#include "models/common/input_error.hpp"

namespace opgsim::service {

namespace {
constexpr double kZ90 = 1.2815515655446004;  // the standard normal's 90th percentile
}

MedianP90::MedianP90(double median, double p90) : median_(median) {
  if (!(median > 0) || !(p90 >= median)) throw InputError("upstream latency: expected p90 >= median > 0");
  sigma_ = std::log(p90 / median) / kZ90;
}

double MedianP90::draw(Rng& rng) const {
  if (sigma_ == 0) return median_;
  return median_ * std::exp(sigma_ * rng.normal());
}

RateLimiter::RateLimiter(double rate_rps, std::uint32_t burst) {
  if (rate_rps <= 0) return;
  interval_s_ = 1.0 / rate_rps;
  tolerance_s_ = (std::max<std::uint32_t>(burst, 1) - 1) * interval_s_;
}

double RateLimiter::reserve(double now) {
  if (interval_s_ == 0) return now;
  const double leave = std::max(now, next_s_ - tolerance_s_);
  next_s_ = std::max(next_s_, leave) + interval_s_;
  return leave;
}

}  // namespace opgsim::service
