// A constant-product market (Uniswap v2 style) between OPG and USD: the token price the economy
// runs on, moved by the run's own flows.
//
// Users buy OPG with USD to pay fees, operators sell OPG for the USD their costs take, unlocked
// holders sell, the treasury buys back: every one of them is a swap against this pool, so the
// price responds to the flows with a stated price impact instead of following a typed-in path.
// Reserves are integers (OPG in base units of 1e-9, USD in micro-dollars), the fee stays in the
// pool (so x * y never decreases), and outputs round down, inputs up: the pool never loses a unit
// to rounding. Pure: the ledger moves the OPG side (the pool's account), the USD side lives here.
#pragma once

#include <cstdint>

#include "models/economy/ledger.hpp"

namespace opgsim::economy {

using MicroUsd = std::int64_t;  // 1 USD = 1e6
inline constexpr MicroUsd kMicroUsdPerUsd = 1'000'000;

class AmmPool {
public:
  // Seeded with both reserves (> 0) and a fee in basis points (< 10000; Uniswap v2: 30).
  // Throws InputError "<prefix>: ..." otherwise.
  AmmPool(Amount opg_reserve, MicroUsd usd_reserve, std::uint32_t fee_bps, const char* prefix = "economy.market");

  // Spot price: USD per OPG (usd_reserve / opg_reserve, in whole units).
  double price_usd() const;
  Amount opg_reserve() const { return opg_; }
  MicroUsd usd_reserve() const { return usd_; }

  // Exact-input swaps: the output is floor(reserve_out * in_net / (reserve_in + in_net)) with
  // in_net = in * (10000 - fee_bps) / 10000 (rounded down), and the reserves change by +in and
  // -out. in >= 0; returns 0 for 0.
  Amount buy_opg_with_usd(MicroUsd usd_in);
  MicroUsd sell_opg_for_usd(Amount opg_in);
  // Exact-output quotes: the least input whose exact-input swap yields at least `out`, or -1 if
  // no input can (out >= the reserve). Do not change the pool.
  MicroUsd usd_needed_for_opg(Amount opg_out) const;
  Amount opg_needed_for_usd(MicroUsd usd_out) const;
  // What an exact-input swap would yield, without changing the pool.
  Amount quote_opg_for_usd(MicroUsd usd_in) const;
  MicroUsd quote_usd_for_opg(Amount opg_in) const;

  std::uint32_t fee_bps() const { return fee_bps_; }

private:
  // An exact-input swap moving `in` into reserve_in and the output out of reserve_out.
  std::int64_t swap(std::int64_t in, std::int64_t& reserve_in, std::int64_t& reserve_out) const;
  static std::int64_t out_for(std::int64_t in, std::int64_t reserve_in, std::int64_t reserve_out, std::uint32_t fee_bps);
  static std::int64_t in_for(std::int64_t out, std::int64_t reserve_in, std::int64_t reserve_out, std::uint32_t fee_bps);

  Amount opg_;
  MicroUsd usd_;
  std::uint32_t fee_bps_;
};

}  // namespace opgsim::economy
