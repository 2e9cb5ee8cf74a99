// EIP-1559 base-fee update, the go-ethereum CalcBaseFee / Cosmos EVM feemarket rule in integers.
#include "models/chain/fee_market.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/common/input_error.hpp"

namespace opgsim::chain {

void validate(const FeeMarketConfig& cfg) {
  const std::string p = "chain.fee_market.";
  if (cfg.elasticity == 0) throw InputError(p + "elasticity: must be at least 1");
  if (cfg.denominator == 0) throw InputError(p + "denominator: must be at least 1");
  if (cfg.gas_limit / cfg.elasticity == 0)
    throw InputError(p + "gas_limit: must be at least elasticity (" + std::to_string(cfg.elasticity) +
                     ") so the gas target is positive");
  if (cfg.min_base_fee_wei > cfg.max_base_fee_wei)
    throw InputError(p + "min_base_fee_wei: must not exceed max_base_fee_wei");
  if (!cfg.no_base_fee &&
      (cfg.initial_base_fee_wei < cfg.min_base_fee_wei || cfg.initial_base_fee_wei > cfg.max_base_fee_wei))
    throw InputError(p + "initial_base_fee_wei: must lie between min_base_fee_wei and max_base_fee_wei");
}

std::uint64_t next_base_fee(const FeeMarketConfig& cfg, std::uint64_t base, std::uint64_t gas_used) {
  if (cfg.no_base_fee) return 0;
  if (gas_used > cfg.gas_limit)
    throw std::logic_error("fee market: block used " + std::to_string(gas_used) + " gas over its limit " +
                           std::to_string(cfg.gas_limit));
  const std::uint64_t target = cfg.gas_limit / cfg.elasticity;
  using u128 = __uint128_t;
  u128 next = base;
  if (gas_used > target) {
    // delta = max(base * (used - target) / target / denominator, 1): the +1 wei minimum makes a
    // full block raise even a tiny base fee (EIP-1559 spec; go-ethereum CalcBaseFee).
    u128 delta = static_cast<u128>(base) * (gas_used - target) / target / cfg.denominator;
    next = static_cast<u128>(base) + std::max<u128>(delta, 1);
  } else if (gas_used < target) {
    // No minimum on the way down; Cosmos EVM clamps at the floor (MinGasPrice) below.
    const u128 delta = static_cast<u128>(base) * (target - gas_used) / target / cfg.denominator;
    next = static_cast<u128>(base) - delta;  // delta <= base / denominator <= base
  }
  next = std::clamp<u128>(next, cfg.min_base_fee_wei, cfg.max_base_fee_wei);
  return static_cast<std::uint64_t>(next);
}

FeeMarket::FeeMarket(const FeeMarketConfig& cfg) : cfg_(cfg) {
  validate(cfg_);
  base_ = cfg_.no_base_fee ? 0 : cfg_.initial_base_fee_wei;
}

std::uint64_t FeeMarket::on_block(std::uint64_t gas_used) {
  base_ = next_base_fee(cfg_, base_, gas_used);
  return base_;
}

}  // namespace opgsim::chain
