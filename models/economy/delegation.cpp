// Yield-seeking delegation, exact to the base unit (see delegation.hpp).
#include "models/economy/delegation.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "models/economy/emissions.hpp"

namespace opgsim::economy {

void DelegationConfig::validate(const char* prefix) const {
  if (!(mobility_per_day >= 0 && mobility_per_day <= 1))
    throw InputError(fmt::format("{}.mobility_per_day: must be a number in [0, 1], got {}", prefix, mobility_per_day));
}

double delegation_step(const DelegationConfig& cfg, double epoch_s) {
  return 1 - std::pow(1 - cfg.mobility_per_day, epoch_s / 86400.0);
}

Amount rebalance_delegation(std::span<Amount> delegated, std::span<const double> yield, double step) {
  if (delegated.size() != yield.size()) throw std::logic_error("rebalance_delegation: size mismatch");
  __int128_t total = 0;
  long double weighted = 0;
  for (std::size_t i = 0; i < delegated.size(); ++i) {
    total += delegated[i];
    weighted += static_cast<long double>(delegated[i]) * yield[i];
  }
  if (total <= 0 || !(step > 0)) return 0;
  const double mean = static_cast<double>(weighted / static_cast<long double>(total));
  if (!(mean > 0)) return 0;
  std::vector<Amount> weights(delegated.size(), 0), parts(delegated.size(), 0);
  bool receivers = false;
  for (std::size_t i = 0; i < delegated.size(); ++i)
    if (yield[i] > mean) {
      weights[i] = static_cast<Amount>(std::llround((yield[i] - mean) / mean * 1e9));
      receivers = receivers || weights[i] > 0;
    }
  if (!receivers) return 0;
  Amount moved = 0;
  for (std::size_t i = 0; i < delegated.size(); ++i)
    if (yield[i] < mean) {
      const auto out = static_cast<Amount>(std::floor(static_cast<long double>(delegated[i]) * step * (mean - yield[i]) / mean));
      delegated[i] -= out;
      moved += out;
    }
  pro_rata(moved, weights, parts);
  for (std::size_t i = 0; i < delegated.size(); ++i) delegated[i] += parts[i];
  return moved;
}

}  // namespace opgsim::economy
