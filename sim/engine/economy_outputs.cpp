// The economy's outputs (see economy.hpp): one ledger.csv row per epoch, the economy block of
// summary.json and its token-conservation invariant. The columns and fields are declared in
// analysis/output/ledger_columns.cpp and summary_fields.cpp; this fills them.
#include <string>

#include <fmt/format.h>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/ledger_columns.hpp"
#include "analysis/output/summary_fields.hpp"
#include "sim/engine/economy.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using economy::Amount;

namespace {
constexpr double kYear_s = 365.25 * 86400;

// An amount in summary.json: `<key>_units`, the exact integer of base units, and `<key>_opg`,
// the same in OPG as a number (for reading and plots; sums and checks use the integers).
void set_amount(analysis::output::JsonWriter& j, const std::string& key, Amount units) {
  j.set(key + "_units", units);
  j.set(key + "_opg", economy::units_to_opg(units));
}

}  // namespace

void Economy::write_row(double t, double epoch_s, double mean_profit_usd) {
  const Amount staked = ledger_.total_staked();
  const double yield = staked > 0 ? static_cast<double>(epoch_rewards_) / static_cast<double>(staked) * kYear_s / epoch_s : 0;
  std::uint32_t jailed = 0;
  for (std::uint32_t v = 0; v < accounts_[settle_].size(); ++v) jailed += liveness_.jailed(v, t) ? 1 : 0;
  // The columns are declared in analysis/output/ledger_columns.cpp; this fills one row.
  analysis::output::LedgerRow row;
  row.t_end_s = t;
  row.token_price_usd = last_price_ = market_.price(t);
  row.supply_units = ledger_.supply();
  row.staked_units = staked;
  row.unbonding_units = ledger_.total_unbonding();
  row.treasury_units = ledger_.balance(ledger_.treasury());
  row.minted_units = ledger_.minted();
  row.burned_units = ledger_.burned();
  row.fees_units = epoch_fees_;
  row.rewards_units = epoch_rewards_;
  row.slashed_units = epoch_slashed_;
  row.staking_yield_annual = yield;
  row.operators_active = operators_.active();
  row.operators_joining = operators_.joining();
  row.operators_left = operators_.left_total();
  row.operators_joined = operators_.joined_total();
  row.validators_jailed = jailed;
  row.active_users = users_on() ? users_.active_users() : 0;
  row.cohorts = users_on() ? users_.cohorts() : 0;
  row.request_rate_rps = users_on() ? users_.request_rate() * demand_factor_ : 0.0;
  row.mean_operator_profit_usd = mean_profit_usd;
  row.delegated_units = delegated_total();
  row.rewards_bucket_units = rewards_bucket();
  row.locked_units = locked_total();
  last_yield_ = yield;
  if (payments_) {
    row.payments_units = epoch_x402_;
    row.payments_pending_units = payments_->chain().pending_amount();
    row.payments_rejected = epoch_x402_rejected_;
    epoch_x402_ = 0;
    epoch_x402_rejected_ = 0;
  }
  if (market_.amm()) {
    row.pool_opg_units = market_.pool().opg_reserve();
    row.pool_usd = static_cast<double>(market_.pool().usd_reserve()) / economy::kMicroUsdPerUsd;
    row.bought_units = market_.epoch_bought();
    row.sold_units = market_.epoch_sold();
    market_.reset_epoch();
  }
  policy_columns(row);
  for (const RoleAgents& a : agents_) row.role_operators_active.push_back(a.pool.active());
  analysis::output::append_ledger_row(csv_, row, ledger_ctx_);
}

nlohmann::json Economy::conservation_invariant() const {
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "invariants.token_conservation");
  j.set("ok", conservation_failures_ == 0 && ledger_.conserved());
  j.set("checks", conservation_checks_);
  j.set("failures", conservation_failures_);
  set_amount(j, "supply", ledger_.supply());
  set_amount(j, "holdings", static_cast<Amount>(ledger_.holdings()));
  return j.take();
}

nlohmann::json Economy::summary() const {
  Amount operators_staked = 0;
  for (economy::AccountId a : operator_acct()) operators_staked += ledger_.staked(a);
  analysis::output::JsonWriter j(analysis::output::summary_fields(), "economy");
  set_amount(j, "totals.fees", total_fees_);
  set_amount(j, "totals.rewards", total_rewards_);
  set_amount(j, "totals.slashed", total_slashed_);
  set_amount(j, "totals.minted", ledger_.minted());
  set_amount(j, "totals.burned", ledger_.burned());
  set_amount(j, "totals.unpaid_fees", unpaid_fees_);
  j.set("totals.invalid_slashes", invalid_slashes_);
  j.set("totals.downtime_slashes", downtime_slashes_);
  j.set("totals.operators_forced_out", forced_out_);
  j.set("totals.operators_left", operators_.left_total());
  j.set("totals.operators_joined", operators_.joined_total());
  set_amount(j, "end.supply", ledger_.supply());
  set_amount(j, "end.staked", ledger_.total_staked());
  set_amount(j, "end.operators_staked", operators_staked);
  set_amount(j, "end.unbonding", ledger_.total_unbonding());
  set_amount(j, "end.treasury", ledger_.balance(ledger_.treasury()));
  set_amount(j, "end.delegated", delegated_total());
  set_amount(j, "end.rewards_bucket", rewards_bucket());
  set_amount(j, "end.locked", locked_total());
  j.set("end.staking_yield_annual", last_yield_);
  j.set("end.token_price_usd", last_price_);
  j.set("end.operators_active", operators_.active());
  j.set("end.active_users", users_on() ? users_.active_users() : 0);
  j.set("end.cohorts", users_on() ? users_.cohorts() : 0);
  for (const RoleAgents& a : agents_) {
    const std::string_view role = node_roles()[a.role].name;
    j.set(fmt::format("roles.{}.operators_active", role), a.pool.active());
    j.set(fmt::format("roles.{}.operators_left", role), a.pool.left_total());
    j.set(fmt::format("roles.{}.operators_joined", role), a.pool.joined_total());
  }
  nlohmann::json out = j.take();
  if (market_.amm()) out["market"] = market_.summary();
  policy_summary(out);
  if (payments_) out["payments"] = payments_summary();
  return out;
}

}  // namespace opgsim::engine
