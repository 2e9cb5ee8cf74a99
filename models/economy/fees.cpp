// Usage fee, exact fee split and wei conversion (see fees.hpp).
#include "models/economy/fees.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {

bool nonneg_finite(double v) { return std::isfinite(v) && v >= 0; }

}  // namespace

void FeeShares::validate(const char* prefix) const {
  const std::uint64_t sum =
      std::uint64_t{operator_bps} + verifier_bps + validators_bps + treasury_bps + burn_bps + prover_bps;
  if (sum != 10000)
    throw InputError(fmt::format("{}: operator_bps + verifier_bps + validators_bps + treasury_bps + burn_bps + "
                                 "prover_bps must equal 10000, got {}",
                                 prefix, sum));
}

void FeeConfig::validate(const char* prefix) const {
  require_field(nonneg_finite(usd_per_million_input), prefix, "usd_per_million_input", "must be a finite number >= 0",
          usd_per_million_input);
  require_field(nonneg_finite(usd_per_million_output), prefix, "usd_per_million_output", "must be a finite number >= 0",
          usd_per_million_output);
  require_field(nonneg_finite(cap_opg) && cap_opg <= 1e9, prefix, "cap_opg",
          "must be a finite number in [0, 1e9] (the total supply)", cap_opg);
  static constexpr const char* kSurchargeKeys[4] = {"surcharge_usd[0]", "surcharge_usd[1]", "surcharge_usd[2]",
                                                    "surcharge_usd[3]"};
  for (std::size_t i = 0; i < surcharge_usd.size(); ++i)
    require_field(nonneg_finite(surcharge_usd[i]), prefix, kSurchargeKeys[i], "must be a finite number >= 0",
            surcharge_usd[i]);
  shares.validate(fmt::format("{}.shares", prefix).c_str());
}

Amount usage_fee(const FeeConfig& cfg, std::uint32_t prompt_tokens, std::uint32_t output_tokens,
                 proof::VerificationMode mode, double token_price_usd) {
  if (!(std::isfinite(token_price_usd) && token_price_usd > 0))
    throw std::logic_error(fmt::format("usage_fee: OPG price must be finite and > 0, got {}", token_price_usd));
  const double usd = (static_cast<double>(prompt_tokens) * cfg.usd_per_million_input +
                      static_cast<double>(output_tokens) * cfg.usd_per_million_output) /
                         1e6 +
                     cfg.surcharge_usd[static_cast<std::size_t>(mode)];
  const double cap_units = cfg.cap_opg * static_cast<double>(kUnitsPerOpg);
  const double units = usd / token_price_usd * static_cast<double>(kUnitsPerOpg);
  return floor_units(units < cap_units ? units : cap_units);
}

FeeSplit split_fee(const FeeShares& s, Amount fee) {
  if (fee < 0) throw std::logic_error(fmt::format("split_fee: negative fee {}", fee));
  if (std::uint64_t{s.operator_bps} + s.verifier_bps + s.validators_bps + s.treasury_bps + s.burn_bps +
          s.prover_bps !=
      10000)
    throw std::logic_error("split_fee: shares do not sum to 10000 bps");
  const auto part = [fee](std::uint32_t bps) {
    return static_cast<Amount>(static_cast<__int128_t>(fee) * bps / 10000);
  };
  FeeSplit out;
  out.operator_part = part(s.operator_bps);
  out.verifier = part(s.verifier_bps);
  out.validators = part(s.validators_bps);
  out.burn = part(s.burn_bps);
  out.prover = part(s.prover_bps);
  // The parts so far are at most fee * (10000 - treasury_bps) / 10000, so the rest is >= the
  // treasury's own floor share: the rounding remainder goes to the treasury.
  out.treasury = fee - out.operator_part - out.verifier - out.validators - out.burn - out.prover;
  return out;
}

Amount wei_to_units(__uint128_t wei) {
  constexpr __uint128_t kWeiPerUnit = __uint128_t{1'000'000'000'000'000'000} / kUnitsPerOpg;  // 1e18 wei per OPG
  const __uint128_t units = wei / kWeiPerUnit;
  constexpr auto kMax = static_cast<__uint128_t>(std::numeric_limits<Amount>::max());
  return units > kMax ? std::numeric_limits<Amount>::max() : static_cast<Amount>(units);
}

}  // namespace opgsim::economy
