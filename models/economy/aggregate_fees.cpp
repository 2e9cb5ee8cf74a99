// Fees of many requests at once (see aggregate_fees.hpp).
#include "models/economy/aggregate_fees.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace opgsim::economy {

Amount aggregate_usage_fee(const FeeConfig& cfg, std::uint64_t count, double prompt_tokens, double output_tokens,
                           proof::VerificationMode mode, double token_price_usd) {
  if (!(std::isfinite(token_price_usd) && token_price_usd > 0))
    throw std::logic_error(fmt::format("aggregate_usage_fee: OPG price must be finite and > 0, got {}", token_price_usd));
  if (count == 0) return 0;
  const auto n = static_cast<double>(count);
  const double usd_each = (prompt_tokens / n * cfg.usd_per_million_input + output_tokens / n * cfg.usd_per_million_output) / 1e6 +
                          cfg.surcharge_usd[static_cast<std::size_t>(mode)];
  const double units_each = std::min(usd_each / token_price_usd * static_cast<double>(kUnitsPerOpg),
                                     cfg.cap_opg * static_cast<double>(kUnitsPerOpg));
  return floor_units(units_each * n);
}

void even_parts(Amount total, std::span<Amount> parts) {
  if (parts.empty()) return;
  if (total < 0) throw std::logic_error(fmt::format("even_parts: negative total {}", total));
  const auto n = static_cast<Amount>(parts.size());
  const Amount each = total / n, rest = total % n;
  for (std::size_t i = 0; i < parts.size(); ++i) parts[i] = each + (static_cast<Amount>(i) < rest ? 1 : 0);
}

}  // namespace opgsim::economy
