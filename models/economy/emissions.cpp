// Staking emission schedules and the largest-remainder pro-rata split (see emissions.hpp).
#include "models/economy/emissions.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {

constexpr double kYearS = 365.25 * 86400.0;  // Julian year, the yield's time base
constexpr double kMaxPeriodS = 1e12;         // keeps the period in 64-bit microseconds

}  // namespace

void EmissionConfig::validate(const char* prefix) const {
  if (type != Type::None && type != Type::Linear && type != Type::InverseSqrt)
    throw InputError(fmt::format("{}.type: must be none, linear or inverse_sqrt, got {}", prefix,
                                 static_cast<int>(type)));
  require_field(std::isfinite(total_opg) && total_opg >= 0 && total_opg <= 1e9, prefix, "total_opg",
          "must be a finite number in [0, 1e9] (the total supply)", total_opg);
  require_field(std::isfinite(period_s) && period_s > 0 && period_s <= kMaxPeriodS, prefix, "period_s",
          "must be a finite number > 0 and at most 1e12", period_s);
  require_field(std::isfinite(k) && k >= 0, prefix, "k", "must be a finite number >= 0", k);
  require_field(std::isfinite(work_share) && work_share >= 0 && work_share <= 1, prefix, "work_share",
          "must be in [0, 1]", work_share);
}

EmissionSchedule::EmissionSchedule(const EmissionConfig& cfg) : cfg_(cfg) {
  cfg_.validate("economy.emission");
  total_units_ = floor_units(cfg_.total_opg * static_cast<double>(kUnitsPerOpg));
  period_us_ = std::max<std::int64_t>(1, std::llround(cfg_.period_s * 1e6));
}

Amount EmissionSchedule::cumulative(double t) const {
  if (!(t > 0)) return 0;
  if (t >= cfg_.period_s) return total_units_;
  const std::int64_t t_us = std::min(std::llround(t * 1e6), static_cast<long long>(period_us_));
  return static_cast<Amount>(static_cast<__int128_t>(total_units_) * t_us / period_us_);
}

Amount EmissionSchedule::emitted(double t0, double t1, Amount total_stake) {
  if (!(std::isfinite(t0) && std::isfinite(t1) && t0 <= t1))
    throw std::logic_error(fmt::format("emission: bad epoch [{}, {})", t0, t1));
  Amount out = 0;
  switch (cfg_.type) {
    case EmissionConfig::Type::None:
      break;
    case EmissionConfig::Type::Linear:
      out = cumulative(t1) - cumulative(t0);
      break;
    case EmissionConfig::Type::InverseSqrt:
      // stake * k / sqrt(stake / 1e9) = k * sqrt(stake * 1e9), in base units per year.
      if (total_stake > 0)
        out = floor_units(cfg_.k * std::sqrt(static_cast<double>(total_stake) * static_cast<double>(kUnitsPerOpg)) *
                          ((t1 - t0) / kYearS));
      break;
  }
  emitted_total_ = (out > std::numeric_limits<Amount>::max() - emitted_total_) ? std::numeric_limits<Amount>::max()
                                                                               : emitted_total_ + out;
  return out;
}

bool pro_rata(Amount total, std::span<const Amount> weights, std::span<Amount> parts) {
  if (parts.size() != weights.size())
    throw std::logic_error(fmt::format("pro_rata: {} parts for {} weights", parts.size(), weights.size()));
  if (total < 0) throw std::logic_error(fmt::format("pro_rata: negative total {}", total));
  __int128_t sum = 0;
  for (const Amount w : weights) {
    if (w < 0) throw std::logic_error(fmt::format("pro_rata: negative weight {}", w));
    sum += w;
  }
  std::fill(parts.begin(), parts.end(), Amount{0});
  if (sum == 0) return false;

  // Floors first; the leftover (< number of nonzero weights) goes one unit each to the largest
  // remainders. All remainders share the denominator `sum`, so comparing numerators suffices.
  struct Rem {
    __int128_t r;
    std::size_t i;
  };
  thread_local std::vector<Rem> rems;  // reused across calls: no allocation once warm
  rems.clear();
  Amount given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] == 0) continue;
    const __int128_t num = static_cast<__int128_t>(total) * weights[i];
    parts[i] = static_cast<Amount>(num / sum);
    given += parts[i];
    const __int128_t r = num % sum;
    if (r != 0) rems.push_back({r, i});
  }
  const auto left = static_cast<std::size_t>(total - given);  // < rems.size() + 1
  if (left > 0) {
    const auto before = [](const Rem& a, const Rem& b) { return a.r != b.r ? a.r > b.r : a.i < b.i; };
    if (left < rems.size()) std::nth_element(rems.begin(), rems.begin() + static_cast<std::ptrdiff_t>(left), rems.end(), before);
    for (std::size_t j = 0; j < left; ++j) ++parts[rems[j].i];
  }
  return true;
}

}  // namespace opgsim::economy
