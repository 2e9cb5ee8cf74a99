// Which market sets the OPG price of a run, and the flows that trade against it (issue 11 item 4).
//
// exogenous: the typed-in path of token_price.hpp (initial, series, shocks, floor); users buy
// their tokens from the treasury at that price and nobody else trades. amm: a constant-product
// OPG/USD pool (amm_pool.hpp) seeded with `opg` and `usd`, fed by the run's own flows: users buy
// the OPG their fees take, operators sell the share of their tokens that covers their USD costs,
// the treasury buys back with a USD budget. Exogenous shocks stay available on top (a shock
// multiplies the pool's USD reserve: the outside market revalues the token). Pure config.
#pragma once

#include <cstdint>

namespace opgsim::economy {

struct MarketConfig {
  enum class Type { Exogenous, Amm };
  Type type = Type::Exogenous;
  // amm: the pool's seed (from the liquidity bucket once allocation exists; assumption: 10M OPG
  // and 1M USD, the default price of 0.10 USD).
  double opg = 10e6;
  double usd = 1e6;
  std::uint32_t fee_bps = 30;          // Uniswap v2's 0.3 %
  double operator_cost_cover = 1.0;    // share of its epoch's GPU cost an operator sells OPG for (assumption)
  double buyback_usd_per_day = 0;      // the treasury buys OPG with this much USD a day (assumption: none)
  // Holders sell this share a day of the holder buckets' tokens unlocked after genesis and not yet
  // sold (assumption: 0, nobody sells; sweep it).
  double unlock_sell_per_day = 0;
};

}  // namespace opgsim::economy
