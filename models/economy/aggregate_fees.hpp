// Fees of many requests at once, for the long-horizon mode (sim/horizon/): a period's completed
// requests of one class are priced as `count` requests of the class's mean prompt and output
// tokens, with the per-request cap applied to that mean request (the same formula as usage_fee,
// without rounding each request down to the base unit: the total is rounded down once). A class
// whose requests straddle the cap is charged a little more than request by request (assumption:
// the cap, 0.1 OPG, is far above a chat request's fee). And even shares of an amount.
#pragma once

#include <cstdint>
#include <span>

#include "models/economy/fees.hpp"

namespace opgsim::economy {

// count >= 0 requests with prompt_tokens and output_tokens in all; price > 0 USD/OPG.
Amount aggregate_usage_fee(const FeeConfig& cfg, std::uint64_t count, double prompt_tokens, double output_tokens,
                           proof::VerificationMode mode, double token_price_usd);

// `total` >= 0 in parts.size() even parts that sum to it exactly, the remainder's base units one
// each to the first parts (none: nothing to do).
void even_parts(Amount total, std::span<Amount> parts);

}  // namespace opgsim::economy
