// EIP-1559 base fee: hand-computed steps, floor/ceiling, NoBaseFee, and 1e6 full blocks.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>

#include "models/chain/fee_market.hpp"
#include "models/common/input_error.hpp"

using namespace opgsim::chain;

TEST_CASE("a full block raises the base fee by 12.5 %, an empty one lowers it by 12.5 %") {
  const FeeMarketConfig cfg;  // 1 gwei, limit 10M, target 5M, denominator 8
  // full: 1e9 * (10M - 5M) / 5M / 8 = 125,000,000
  CHECK(next_base_fee(cfg, 1'000'000'000, 10'000'000) == 1'125'000'000);
  CHECK(next_base_fee(cfg, 1'000'000'000, 0) == 875'000'000);
  // three quarters full: 1e9 * 2.5M / 5M / 8 = 62,500,000
  CHECK(next_base_fee(cfg, 1'000'000'000, 7'500'000) == 1'062'500'000);
  // two full blocks in a row: 1,125,000,000 + 140,625,000
  FeeMarket fm(cfg);
  CHECK(fm.base_fee_wei() == 1'000'000'000);
  CHECK(fm.gas_target() == 5'000'000);
  fm.on_block(10'000'000);
  CHECK(fm.on_block(10'000'000) == 1'265'625'000);
}

TEST_CASE("a block at the gas target leaves the base fee unchanged") {
  const FeeMarketConfig cfg;
  CHECK(next_base_fee(cfg, 1'000'000'000, 5'000'000) == 1'000'000'000);
  CHECK(next_base_fee(cfg, 7, 5'000'000) == 7);
}

TEST_CASE("an increase is at least 1 wei and divisions truncate") {
  const FeeMarketConfig cfg;
  // 7 * 1 / 5M / 8 = 0, raised to the 1 wei minimum
  CHECK(next_base_fee(cfg, 7, 5'000'001) == 8);
  CHECK(next_base_fee(cfg, 1, 10'000'000) == 2);
  CHECK(next_base_fee(cfg, 0, 10'000'000) == 1);
  // 1,000,000,007 / 8 = 125,000,000.875 -> 125,000,000
  CHECK(next_base_fee(cfg, 1'000'000'007, 10'000'000) == 1'125'000'007);
  // no minimum on a decrease: 7 * 5M / 5M / 8 = 0
  CHECK(next_base_fee(cfg, 7, 0) == 7);
  CHECK(next_base_fee(cfg, 8, 0) == 7);
}

TEST_CASE("the floor holds a falling base fee and the ceiling a rising one") {
  FeeMarketConfig cfg;
  cfg.min_base_fee_wei = 900'000'000;
  cfg.max_base_fee_wei = 1'100'000'000;
  CHECK(next_base_fee(cfg, 1'000'000'000, 0) == 900'000'000);
  CHECK(next_base_fee(cfg, 1'000'000'000, 10'000'000) == 1'100'000'000);
}

TEST_CASE("NoBaseFee keeps the base fee at zero") {
  FeeMarketConfig cfg;
  cfg.no_base_fee = true;
  FeeMarket fm(cfg);
  CHECK(fm.base_fee_wei() == 0);
  CHECK(fm.on_block(10'000'000) == 0);
  CHECK(fm.fee_wei(70'000) == 0);
}

TEST_CASE("1e6 full blocks saturate at the cap without wrapping") {
  const FeeMarketConfig cfg;  // cap = 2^64 - 1
  FeeMarket fm(cfg);
  std::uint64_t prev = fm.base_fee_wei();
  bool monotone = true;
  for (int i = 0; i < 1'000'000; ++i) {
    const std::uint64_t b = fm.on_block(cfg.gas_limit);
    monotone &= b >= prev;
    prev = b;
  }
  CHECK(monotone);
  CHECK(fm.base_fee_wei() == std::numeric_limits<std::uint64_t>::max());
  // The fee of a full block at the cap needs 128 bits: exact, no wrap.
  CHECK(fm.fee_wei(10'000'000) == static_cast<__uint128_t>(10'000'000) * std::numeric_limits<std::uint64_t>::max());
  // An empty block then lowers it by exactly floor(cap / 8).
  CHECK(fm.on_block(0) == std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() / 8);

  FeeMarketConfig capped;
  capped.max_base_fee_wei = 1'000'000'000'000'000'000ull;  // 1e18 wei
  FeeMarket fc(capped);
  for (int i = 0; i < 1'000'000; ++i) fc.on_block(capped.gas_limit);
  CHECK(fc.base_fee_wei() == 1'000'000'000'000'000'000ull);
}

TEST_CASE("fee market input errors are one line") {
  FeeMarketConfig cfg;
  cfg.gas_limit = 1;  // target 1 / 2 = 0
  CHECK_THROWS_AS(FeeMarket{cfg}, opgsim::InputError);
  cfg = {};
  cfg.denominator = 0;
  CHECK_THROWS_AS(FeeMarket{cfg}, opgsim::InputError);
  cfg = {};
  cfg.min_base_fee_wei = 2'000'000'000;  // above the initial 1 gwei
  CHECK_THROWS_WITH_AS(FeeMarket{cfg},
                       "chain.fee_market.initial_base_fee_wei: must lie between min_base_fee_wei and max_base_fee_wei",
                       opgsim::InputError);
  // A block over its gas limit is a caller bug, not user input.
  CHECK_THROWS_AS(next_base_fee(FeeMarketConfig{}, 1, 10'000'001), std::logic_error);
}
