// The market that prices OPG in a run (economy.price.market, models/economy/market.hpp): the
// exogenous path, or a constant-product pool whose OPG reserve is a ledger account, so every swap
// is a ledger transfer and token conservation covers it. The USD side lives outside the ledger
// (users and operators' dollars); its totals are reported. Part of the Economy (economy.hpp),
// kept in its own class so the market's rules stay apart from fees, emissions and staking.
#pragma once

#include <cstddef>
#include <optional>

#include <nlohmann/json.hpp>

#include "models/economy/amm_pool.hpp"
#include "models/economy/ledger.hpp"
#include "models/economy/token_price.hpp"

namespace opgsim::engine {

class Market {
public:
  // amm: opens the pool's account (empty until seed).
  Market(const economy::TokenPriceConfig& cfg, economy::Ledger& ledger);
  // amm: the OPG seed (economy.price.market.opg) in base units, and the pool's account, which
  // the economy fills with it at genesis from the liquidity bucket or the treasury.
  economy::Amount seed_units() const;
  economy::AccountId account() const { return account_; }

  bool amm() const { return pool_.has_value(); }
  // The OPG price in USD at `now`: the exogenous path, or the pool's spot price once the shocks
  // up to `now` are applied (advance).
  double price(double now);
  // amm: buys at least `opg` base units for `buyer` with outside USD; returns what it got (0 when
  // the pool cannot sell that much).
  economy::Amount buy(economy::AccountId buyer, economy::Amount opg);
  // amm: `seller` sells `opg` base units (<= its balance) for USD; returns the micro-USD paid.
  economy::MicroUsd sell(economy::AccountId seller, economy::Amount opg);
  // amm: the least OPG that sells for `usd` (all the pool could take when none does: -1).
  economy::Amount opg_for_usd(double usd) const;
  // amm: buys OPG with `usd` of outside dollars for `buyer`; returns what it got.
  economy::Amount buy_with_usd(economy::AccountId buyer, double usd);

  // The epoch's swapped OPG (bought from the pool, sold to it), until reset_epoch (each ledger row).
  economy::Amount epoch_bought() const { return epoch_bought_; }
  economy::Amount epoch_sold() const { return epoch_sold_; }
  void reset_epoch() { epoch_bought_ = epoch_sold_ = 0; }
  const economy::AmmPool& pool() const { return *pool_; }
  // summary.json's economy.market (amm only).
  nlohmann::json summary() const;
  // Totals of the USD side (for the summary).
  double usd_in_total() const { return static_cast<double>(usd_in_) / economy::kMicroUsdPerUsd; }
  double usd_out_total() const { return static_cast<double>(usd_out_) / economy::kMicroUsdPerUsd; }

private:
  void advance(double now);
  void check_reserve() const;

  const economy::TokenPriceConfig& cfg_;
  economy::Ledger& ledger_;
  std::optional<economy::AmmPool> pool_;
  economy::AccountId account_ = 0;
  std::size_t shocks_applied_ = 0;
  economy::Amount epoch_bought_ = 0, epoch_sold_ = 0, bought_ = 0, sold_ = 0;
  economy::MicroUsd usd_in_ = 0, usd_out_ = 0;  // into the pool (buys), out of it (sells)
  std::uint64_t buys_ = 0, sells_ = 0;
};

}  // namespace opgsim::engine
