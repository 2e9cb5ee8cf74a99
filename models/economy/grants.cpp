// The grant -> users pipeline (see grants.hpp).
#include "models/economy/grants.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

void GrantConfig::validate(const char* prefix) const {
  if (!(usd_per_user > 0 && std::isfinite(usd_per_user)))
    throw InputError(fmt::format("{}.usd_per_user: must be a finite number > 0, got {}", prefix, usd_per_user));
  if (!(lag_s >= 0 && std::isfinite(lag_s)))
    throw InputError(fmt::format("{}.lag_s: must be a finite number >= 0, got {}", prefix, lag_s));
}

GrantPipeline::GrantPipeline(const GrantConfig& cfg) : cfg_(cfg) { cfg_.validate("economy.grants"); }

void GrantPipeline::grant(double usd, double now) {
  if (!(usd > 0)) return;
  carry_ += usd / cfg_.usd_per_user;
  const double whole = std::floor(carry_);
  carry_ -= whole;
  if (whole < 1) return;
  const auto users = static_cast<std::uint64_t>(whole);
  granted_ += users;
  due_.push_back({now + cfg_.lag_s, users});
}

std::uint64_t GrantPipeline::take_due(double now) {
  std::uint64_t users = 0;
  while (!due_.empty() && due_.front().at_s <= now) {
    users += due_.front().users;
    due_.pop_front();
  }
  return users;
}

std::uint64_t GrantPipeline::in_pipeline() const {
  std::uint64_t users = 0;
  for (const Due& d : due_) users += d.users;
  return users;
}

}  // namespace opgsim::economy
