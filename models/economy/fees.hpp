// Inference usage fees in OPG and how a fee is split between the parties.
//
// A request is priced like tee-gateway does it (notes §1.2 item 5, §1.6): the provider's USD list
// price per token times the actual token counts, converted to OPG at the current OPG/USD price and
// capped per request. The fee is then split in exact integers (DESIGN.md: token amounts are never
// doubles) between the node operator, the verifier, the prover node, the validators, the treasury
// and a burn.
#pragma once

#include <array>
#include <cstdint>

#include "models/economy/ledger.hpp"
#include "models/proof/verification_mode.hpp"

namespace opgsim::economy {

// Basis points of a fee per recipient; they must sum to 10000.
struct FeeShares {
  // The split is not published: default 100 % to the node operator (notes §4 "Economics", assumption).
  std::uint32_t operator_bps = 10000, verifier_bps = 0, validators_bps = 0, treasury_bps = 0, burn_bps = 0;
  // The dedicated prover node that made the request's proof (proof.placement "provers"); a
  // request proved on its own inference node pays this share to the treasury (assumption 0).
  std::uint32_t prover_bps = 0;
  // Throws InputError "<prefix>.<key>: <rule>, got <value>" unless the shares sum to 10000.
  void validate(const char* prefix) const;
};

struct FeeConfig {
  double usd_per_million_input = 0.25, usd_per_million_output = 2.0;  // GPT-5-mini list price, notes §1.6 (model_registry.py)
  double cap_opg = 0.1;                                                 // per-request cap, notes §1.2 item 5
  std::array<double, 4> surcharge_usd{0, 0, 0, 0};  // per VerificationMode (vanilla, tee, zkml, zk_crv), added before the cap; assumption 0
  bool pay_base_fee = false;  // add the request's share of its settlement transaction's EIP-1559 fee (burned, as EIP-1559 does)
  FeeShares shares;           // notes §4: default 100 % to the node operator (assumption)
  // Throws InputError "<prefix>.<key>: <rule>, got <value>" (prices and surcharges finite >= 0,
  // cap finite >= 0, shares summing to 10000).
  void validate(const char* prefix) const;
};

struct FeeSplit {
  Amount operator_part = 0, verifier = 0, validators = 0, treasury = 0, burn = 0, prover = 0;
  Amount total() const { return operator_part + verifier + validators + treasury + burn + prover; }
};

// usage = (prompt * usd_in + output * usd_out) / 1e6 + surcharge[mode]; tokens = usage / price_usd;
// charged = min(tokens, cap) in base units (rounded down). A result within 1e-12 (relative) below an
// integer count of units is taken as that integer, so binary floating-point noise never drops a
// unit (0.00065 USD at 0.10 USD is 6,500,000 units, not 6,499,999). token_price_usd must be
// finite and > 0 (std::logic_error otherwise: a caller bug).
Amount usage_fee(const FeeConfig& cfg, std::uint32_t prompt_tokens, std::uint32_t output_tokens,
                 proof::VerificationMode mode, double token_price_usd);

// Splits `fee` by the shares in exact integers: each part floor(fee * bps / 10000), the rounding
// remainder to the treasury, so parts sum to fee exactly. fee must be >= 0 and the shares sum to
// 10000 (std::logic_error otherwise).
FeeSplit split_fee(const FeeShares& shares, Amount fee);

// wei (1e-18 OPG) to base units, rounded down (1 base unit = 1e9 wei); saturates at the largest Amount.
Amount wei_to_units(__uint128_t wei);

}  // namespace opgsim::economy
