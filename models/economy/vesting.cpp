// Exact unlock arithmetic of a vesting schedule (see vesting.hpp).
#include "models/economy/vesting.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {
namespace {

constexpr std::int64_t kShareScale = 1'000'000'000'000'000;  // 1e15, as Ledger::slash_fraction
constexpr double kMaxMonths = 1200;                          // a century: beyond any token's schedule

std::int64_t to_us(double s) { return static_cast<std::int64_t>(std::llround(s * 1e6)); }

}  // namespace

void VestingSchedule::validate(const char* prefix) const {
  const auto bad = [&](const char* key, const char* rule, double v) {
    throw InputError(fmt::format("{}.{}: must be {}, got {}", prefix, key, rule, v));
  };
  if (!(tge_share >= 0 && tge_share <= 1)) bad("tge_share", "a number in [0, 1]", tge_share);
  if (!(cliff_months >= 0 && cliff_months <= kMaxMonths)) bad("cliff_months", "a number in [0, 1200]", cliff_months);
  if (!(linear_months >= 0 && linear_months <= kMaxMonths)) bad("linear_months", "a number in [0, 1200]", linear_months);
}

Amount unlocked_at(Amount total, const VestingSchedule& schedule, double t_s) {
  if (total <= 0 || !(t_s >= 0)) return 0;
  const auto q = static_cast<std::int64_t>(std::llroundl(static_cast<long double>(schedule.tge_share) * kShareScale));
  const auto tge = static_cast<Amount>(static_cast<__int128_t>(total) * q / kShareScale);
  const Amount rest = total - tge;
  const std::int64_t t_us = to_us(t_s);
  const std::int64_t cliff_us = to_us(schedule.cliff_months * kSecondsPerMonth);
  const std::int64_t linear_us = to_us(schedule.linear_months * kSecondsPerMonth);
  if (t_us < cliff_us) return tge;
  const std::int64_t into = t_us - cliff_us;
  if (linear_us == 0 || into >= linear_us) return total;
  return tge + static_cast<Amount>(static_cast<__int128_t>(rest) * into / linear_us);
}

}  // namespace opgsim::economy
