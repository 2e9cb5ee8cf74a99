// The Economy's ecosystem fund (issue 11 item 8; see economy.hpp, models/economy/policy.hpp and
// grants.hpp) and the holders' sale of unlocked tokens (item 4): grants to app builders paid
// from the treasury that bring a user cohort after a lag, subsidies to active operators, and
// holder-bucket tokens unlocked after genesis sold to the amm pool at a daily rate. Every spend is
// a ledger transfer from the treasury (which holds the ecosystem bucket's unlocked tokens), never
// more than it holds, so conservation covers it. Buybacks stay the market's
// (economy.price.market.buyback_usd_per_day, economy_flows.cpp).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/engine/economy.hpp"

namespace opgsim::engine {

using economy::Amount;

// A grant of `opg` base units (at most what the treasury holds) to the builders' account; its
// dollar value at the current price goes into the grant pipeline (users after the lag).
void Economy::grant(Amount opg, double now, const char* why) {
  const Amount paid = std::min(opg, ledger_.balance(ledger_.treasury()));
  if (paid <= 0) return;
  ledger_.transfer(ledger_.treasury(), policy_.builders, paid);
  const double usd = economy::units_to_opg(paid) * market_.price(now);
  const std::uint64_t before = policy_.grants->in_pipeline();
  policy_.grants->grant(usd, now);
  policy_.epoch_grants += paid;
  policy_.grants_paid += paid;
  event(now, "grant_paid", policy_.builders, paid,
        fmt::format("usd={:.6g} users_due={} due_s={} by={}", usd, policy_.grants->in_pipeline() - before,
                    now + spec_.fund.grants.lag_s, why));
}

// Before the operators decide: the fund's grants for the epoch, then the subsidy, which counts
// as the operators' revenue (so it can keep them online).
void Economy::fund_epoch(double t0, double t1) {
  if (!policy_.fund_outputs) return;
  const economy::FundConfig& f = spec_.fund;
  const double price = market_.price(t1);
  if (f.enabled && f.grant_usd_per_day > 0 && t1 > f.grant_start_s) {
    const double usd = f.grant_usd_per_day * (t1 - std::max(t0, f.grant_start_s)) / 86400.0;
    grant(economy::floor_units(usd / price * static_cast<double>(economy::kUnitsPerOpg)), t1, "fund");
  }
  if (policy_.subsidy_usd_per_hour <= 0) return;
  if (policy_.subsidy_while_active_below > 0 && operators_.active() >= policy_.subsidy_while_active_below) return;
  const double epoch_h = (t1 - t0) / 3600.0;
  const Amount each =
      economy::floor_units(policy_.subsidy_usd_per_hour * epoch_h / price * static_cast<double>(economy::kUnitsPerOpg));
  Amount total = 0;
  std::uint32_t paid_to = 0;
  for (std::uint32_t op = 0; op < operator_acct().size(); ++op) {
    if (!operator_active(op)) continue;
    if (policy_.subsidy_only_unprofitable &&
        economy::units_to_opg(operator_revenue_[op]) * price >= operators_.epoch_cost_usd(op, t1 - t0))
      continue;
    const Amount amount = std::min(each, ledger_.balance(ledger_.treasury()));
    if (amount <= 0) break;
    ledger_.transfer(ledger_.treasury(), operator_acct()[op], amount);
    operator_revenue_[op] += amount;
    total += amount;
    ++paid_to;
  }
  if (total == 0) return;
  policy_.epoch_subsidies += total;
  policy_.subsidies += total;
  policy_.subsidy_payments += paid_to;
  event(t1, "subsidy_paid", -1, total,
        fmt::format("operators={} each_units={} usd_per_hour={}", paid_to, each, policy_.subsidy_usd_per_hour));
}

// After the users decide: the grants' users whose lag is over arrive as one new cohort.
void Economy::fund_users(double t1) {
  if (!policy_.grants) return;
  const std::uint64_t users = policy_.grants->take_due(t1);
  if (users == 0 || !users_on()) return;
  users_.add_users(t1, users);
  open_cohort_accounts();
  policy_.epoch_grant_users += users;
  policy_.grant_users += users;
  event(t1, "grant_users_arrived", -1, 0, fmt::format("users={} cohort={}", users, users_.cohorts() - 1));
}

// Holder-bucket tokens unlocked since the last epoch move to the holders' account; they sell
// 1 - (1 - unlock_sell_per_day)^(epoch_s / 86400) of what it holds to the pool.
void Economy::sell_unlocked(double epoch_s) {
  if (!policy_.sell_unlocked) return;
  for (std::size_t i = 0; i < buckets_->size(); ++i) {
    if (buckets_->allocation().bucket(i).purpose != economy::BucketPurpose::Holders) continue;
    const Amount fresh = buckets_->unlocked(i) - policy_.moved[i];
    if (fresh <= 0) continue;
    buckets_->spend(ledger_, i, policy_.holders, fresh);
    policy_.moved[i] += fresh;
  }
  const double share = 1 - std::pow(1 - spec_.price.market.unlock_sell_per_day, epoch_s / 86400.0);
  const Amount held = ledger_.balance(policy_.holders);
  const Amount sell = std::min(held, economy::floor_units(static_cast<double>(held) * share));
  if (sell <= 0) return;
  market_.sell(policy_.holders, sell);
  policy_.epoch_unlock_sold += sell;
  policy_.unlock_sold += sell;
}

}  // namespace opgsim::engine
