// The market that prices OPG in a run (see economy_market.hpp).
#include "sim/engine/economy_market.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"

namespace opgsim::engine {

using economy::Amount;
using economy::MicroUsd;

namespace {
MicroUsd to_micro(double usd) { return static_cast<MicroUsd>(std::floor(usd * economy::kMicroUsdPerUsd)); }
}  // namespace

Market::Market(const economy::TokenPriceConfig& cfg, economy::Ledger& ledger) : cfg_(cfg), ledger_(ledger) {
  if (cfg.market.type != economy::MarketConfig::Type::Amm) return;
  const Amount opg = economy::opg_to_units(cfg.market.opg);
  pool_.emplace(opg, to_micro(cfg.market.usd), cfg.market.fee_bps, "economy.price.market");
  account_ = ledger_.open(economy::AccountKind::Pool, 0);
}

economy::Amount Market::seed_units() const { return economy::opg_to_units(cfg_.market.opg); }

// A shock is the outside market revaluing OPG: the pool's USD reserve is multiplied by its
// factor (arbitrage would bring the pool there), the OPG side and the ledger are untouched.
void Market::advance(double now) {
  while (shocks_applied_ < cfg_.shocks.size() && cfg_.shocks[shocks_applied_].time_s <= now) {
    const double factor = cfg_.shocks[shocks_applied_++].factor;
    const auto usd = std::max<MicroUsd>(1, static_cast<MicroUsd>(std::llround(static_cast<double>(pool_->usd_reserve()) * factor)));
    pool_.emplace(pool_->opg_reserve(), usd, pool_->fee_bps(), "economy.price.market");
  }
}

double Market::price(double now) {
  if (!pool_) return economy::price_at(cfg_, now);
  advance(now);
  return pool_->price_usd();
}

Amount Market::buy(economy::AccountId buyer, Amount opg) {
  if (opg <= 0) return 0;
  const MicroUsd usd = pool_->usd_needed_for_opg(opg);
  if (usd < 0) return 0;
  const Amount got = pool_->buy_opg_with_usd(usd);
  ledger_.transfer(account_, buyer, got);
  usd_in_ += usd;
  bought_ += got;
  epoch_bought_ += got;
  ++buys_;
  check_reserve();
  return got;
}

Amount Market::buy_with_usd(economy::AccountId buyer, double usd) {
  const MicroUsd in = to_micro(usd);
  if (in <= 0) return 0;
  const Amount got = pool_->buy_opg_with_usd(in);
  ledger_.transfer(account_, buyer, got);
  usd_in_ += in;
  bought_ += got;
  epoch_bought_ += got;
  ++buys_;
  check_reserve();
  return got;
}

MicroUsd Market::sell(economy::AccountId seller, Amount opg) {
  if (opg <= 0) return 0;
  ledger_.transfer(seller, account_, opg);
  const MicroUsd usd = pool_->sell_opg_for_usd(opg);
  usd_out_ += usd;
  sold_ += opg;
  epoch_sold_ += opg;
  ++sells_;
  check_reserve();
  return usd;
}

Amount Market::opg_for_usd(double usd) const {
  const MicroUsd out = to_micro(usd);
  if (out <= 0) return 0;
  return pool_->opg_needed_for_usd(out);
}

// The pool's OPG reserve is its ledger account's balance, always.
void Market::check_reserve() const {
  if (ledger_.balance(account_) != pool_->opg_reserve()) throw std::logic_error("Market: pool reserve and ledger differ");
}

nlohmann::json Market::summary() const {
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "economy.market");
  j.set("pool_opg_units", pool_->opg_reserve());
  j.set("pool_opg", economy::units_to_opg(pool_->opg_reserve()));
  j.set("pool_usd", static_cast<double>(pool_->usd_reserve()) / economy::kMicroUsdPerUsd);
  j.set("bought_units", bought_);
  j.set("bought_opg", economy::units_to_opg(bought_));
  j.set("sold_units", sold_);
  j.set("sold_opg", economy::units_to_opg(sold_));
  j.set("usd_in", usd_in_total());
  j.set("usd_out", usd_out_total());
  j.set("buys", buys_);
  j.set("sells", sells_);
  return j.take();
}

}  // namespace opgsim::engine
