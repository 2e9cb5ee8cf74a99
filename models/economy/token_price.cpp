// Exogenous OPG/USD price path (see token_price.hpp).
#include "models/economy/token_price.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {

bool positive_finite(double v) { return std::isfinite(v) && v > 0; }

}  // namespace

void TokenPriceConfig::validate(const char* prefix) const {
  if (!positive_finite(initial_usd))
    throw InputError(fmt::format("{}.initial_usd: must be a finite number > 0, got {}", prefix, initial_usd));
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Point& p = series[i];
    if (!std::isfinite(p.time_s))
      throw InputError(fmt::format("{}.series[{}].time_s: must be a finite number, got {}", prefix, i, p.time_s));
    if (i > 0 && p.time_s < series[i - 1].time_s)
      throw InputError(fmt::format("{}.series[{}].time_s: must not be before the previous point's ({}), got {}",
                                   prefix, i, series[i - 1].time_s, p.time_s));
    if (!positive_finite(p.usd))
      throw InputError(fmt::format("{}.series[{}].usd: must be a finite number > 0, got {}", prefix, i, p.usd));
  }
  for (std::size_t i = 0; i < shocks.size(); ++i) {
    const Shock& s = shocks[i];
    if (!std::isfinite(s.time_s))
      throw InputError(fmt::format("{}.shocks[{}].time_s: must be a finite number, got {}", prefix, i, s.time_s));
    if (i > 0 && s.time_s < shocks[i - 1].time_s)
      throw InputError(fmt::format("{}.shocks[{}].time_s: must not be before the previous shock's ({}), got {}",
                                   prefix, i, shocks[i - 1].time_s, s.time_s));
    if (!positive_finite(s.factor))
      throw InputError(fmt::format("{}.shocks[{}].factor: must be a finite number > 0, got {}", prefix, i, s.factor));
  }
  if (!(std::isfinite(floor_usd) && floor_usd >= 0))
    throw InputError(fmt::format("{}.floor_usd: must be a finite number >= 0, got {}", prefix, floor_usd));
  if (market.type == MarketConfig::Type::Amm) {
    if (!series.empty())
      throw InputError(fmt::format("{}.series: must be empty with market type amm (the pool sets the price), got {} points",
                                   prefix, series.size()));
    if (floor_usd != 0)
      throw InputError(fmt::format("{}.floor_usd: must be 0 with market type amm (the pool sets the price), got {}",
                                   prefix, floor_usd));
  }
}

double price_at(const TokenPriceConfig& cfg, double t) {
  double p = cfg.initial_usd;
  const auto& s = cfg.series;
  if (!s.empty()) {
    // First point strictly after t: the segment is [hi - 1, hi].
    const auto hi = std::upper_bound(s.begin(), s.end(), t,
                                     [](double x, const TokenPriceConfig::Point& q) { return x < q.time_s; });
    if (hi == s.begin()) {
      p = s.front().usd;
    } else if (hi == s.end()) {
      p = s.back().usd;
    } else {
      const auto& a = *(hi - 1);
      const auto& b = *hi;  // b.time_s > t >= a.time_s, so the span is positive
      p = a.usd + (b.usd - a.usd) * ((t - a.time_s) / (b.time_s - a.time_s));
    }
  }
  for (const auto& shock : cfg.shocks) {
    if (shock.time_s > t) break;  // shock times are non-decreasing
    p *= shock.factor;
  }
  return std::max(p, cfg.floor_usd);
}

}  // namespace opgsim::economy
