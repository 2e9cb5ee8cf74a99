// Liveness ring buffers and downtime jailing (see downtime.hpp).
#include "models/economy/downtime.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {
constexpr std::uint32_t kMaxWindow = 100'000'000;  // keeps the rings' memory sane
}

void DowntimeConfig::validate(const char* prefix) const {
  if (window_blocks < 1 || window_blocks > kMaxWindow)
    throw InputError(fmt::format("{}.window_blocks: must be in [1, {}], got {}", prefix, kMaxWindow, window_blocks));
  if (!(min_signed >= 0 && min_signed <= 1))
    throw InputError(fmt::format("{}.min_signed: must be in [0, 1], got {}", prefix, min_signed));
  if (!(slash_fraction >= 0 && slash_fraction <= 1))
    throw InputError(fmt::format("{}.slash_fraction: must be in [0, 1], got {}", prefix, slash_fraction));
  if (!(std::isfinite(jail_s) && jail_s >= 0))
    throw InputError(fmt::format("{}.jail_s: must be a finite number >= 0, got {}", prefix, jail_s));
}

LivenessTracker::LivenessTracker(const DowntimeConfig& cfg, std::uint32_t validators) : cfg_(cfg) {
  cfg_.validate("economy.downtime");
  words_ = (cfg_.window_blocks + 63) / 64;
  // ceil(min_signed * window), with a value within 1e-9 above an integer taken as that integer
  // (0.55 * 100 is 55.000000000000007 in binary).
  const double need = cfg_.min_signed * cfg_.window_blocks;
  const double r = std::nearbyint(need);
  min_signed_blocks_ = static_cast<std::uint32_t>(std::fabs(need - r) <= 1e-9 ? r : std::ceil(need));
  bits_.assign(static_cast<std::size_t>(validators) * words_, 0);
  pos_.assign(validators, 0);
  seen_.assign(validators, 0);
  missed_.assign(validators, 0);
  jailed_until_.assign(validators, -std::numeric_limits<double>::infinity());
}

void LivenessTracker::reset(std::uint32_t v) {
  std::fill_n(bits_.begin() + static_cast<std::ptrdiff_t>(v) * words_, words_, std::uint64_t{0});
  pos_[v] = seen_[v] = missed_[v] = 0;
}

void LivenessTracker::on_block(std::span<const std::uint8_t> signed_flags, double now,
                               std::vector<std::uint32_t>& punished) {
  const auto n = static_cast<std::uint32_t>(missed_.size());
  if (signed_flags.size() != n)
    throw std::logic_error(fmt::format("liveness: {} signature flags for {} validators", signed_flags.size(), n));
  const std::uint32_t window = cfg_.window_blocks;
  for (std::uint32_t v = 0; v < n; ++v) {
    if (jailed(v, now)) continue;
    std::uint64_t& word = bits_[static_cast<std::size_t>(v) * words_ + pos_[v] / 64];
    const std::uint64_t mask = std::uint64_t{1} << (pos_[v] % 64);
    if (seen_[v] == window) {
      if (word & mask) --missed_[v];  // the slot's old block leaves the window
    } else {
      ++seen_[v];
    }
    if (signed_flags[v]) {
      word &= ~mask;
    } else {
      word |= mask;
      ++missed_[v];
    }
    if (++pos_[v] == window) pos_[v] = 0;
    if (seen_[v] == window && window - missed_[v] < min_signed_blocks_) {
      jailed_until_[v] = now + cfg_.jail_s;
      reset(v);
      punished.push_back(v);
    }
  }
}

}  // namespace opgsim::economy
