// EIP-1559 base fee of the settlement chain, in integer wei.
//
// The base fee moves with block fullness: a block above the gas target raises it, one below
// lowers it, by at most 1/denominator per block. Amounts are integers (DESIGN.md: token
// amounts are never doubles); the product base * gas delta is taken in 128 bits so it cannot
// overflow, and the result saturates at max_base_fee_wei.
#pragma once

#include <cstdint>
#include <limits>

namespace opgsim::chain {

// Defaults: og-evm x/feemarket/types/params.go (notes §1.4, §3h) and og-evm local_node.sh l.249.
struct FeeMarketConfig {
  // og-evm's example genesis sets NoBaseFee=true (notes §1.4): then the base fee is always 0.
  bool no_base_fee = false;
  std::uint64_t initial_base_fee_wei = 1'000'000'000;  // 1 gwei, feemarket default
  std::uint64_t gas_limit = 10'000'000;                // devnet block gas limit, local_node.sh l.249
  std::uint64_t elasticity = 2;                        // ElasticityMultiplier: target = limit / 2
  std::uint64_t denominator = 8;                       // BaseFeeChangeDenominator: at most ±12.5 %
  // Floor: Cosmos EVM clamps a falling base fee at the MinGasPrice param (default 0).
  std::uint64_t min_base_fee_wei = 0;
  // Ceiling: Ethereum has none (uint256); ours saturates so 64-bit wei never wraps (assumption).
  std::uint64_t max_base_fee_wei = std::numeric_limits<std::uint64_t>::max();
};

// Throws InputError (one line, "chain.fee_market.<key>: ...") on an inconsistent config.
void validate(const FeeMarketConfig& cfg);

// The base fee of the block after one that used gas_used at base fee `base` (pure function).
// gas_used must not exceed cfg.gas_limit (std::logic_error otherwise: a caller bug).
std::uint64_t next_base_fee(const FeeMarketConfig& cfg, std::uint64_t base, std::uint64_t gas_used);

// The base fee as it evolves block by block.
class FeeMarket {
public:
  explicit FeeMarket(const FeeMarketConfig& cfg = {});  // validates cfg

  // Base fee the next block's transactions pay, wei per gas (0 with no_base_fee).
  std::uint64_t base_fee_wei() const { return base_; }
  std::uint64_t gas_target() const { return cfg_.gas_limit / cfg_.elasticity; }
  // Fee for `gas` at the current base fee; 128 bits because gas * wei can pass 2^64.
  __uint128_t fee_wei(std::uint64_t gas) const { return static_cast<__uint128_t>(gas) * base_; }
  // A block that used gas_used was committed: move to the next base fee and return it.
  std::uint64_t on_block(std::uint64_t gas_used);
  const FeeMarketConfig& config() const { return cfg_; }

private:
  FeeMarketConfig cfg_;
  std::uint64_t base_;
};

}  // namespace opgsim::chain
