// The Economy's market flows and demand response (see economy.hpp, economy_market.hpp): what the
// operators and the treasury trade with the amm pool each epoch, and the factor by which the
// users' request rate responds to the USD price of a request and to the quality they saw. Kept
// apart from economy.cpp (fees, emissions, staking) because it is its own model (issue 11 items
// 4 and 5).
#include <algorithm>
#include <cmath>

#include "models/economy/demand.hpp"
#include "models/economy/fees.hpp"
#include "sim/engine/economy.hpp"

namespace opgsim::engine {

using economy::Amount;

// Each active operator sells, from its liquid balance, the OPG that buys operator_cost_cover of
// its epoch's GPU cost (in operator order, so the first sells at the best price), the inference
// operators first, then those of each deciding role in registry order; then the treasury buys
// back with its USD budget for the epoch.
void Economy::market_flows(double epoch_s) {
  const economy::MarketConfig& m = spec_.price.market;
  if (m.operator_cost_cover > 0) {
    for (std::uint32_t op = 0; op < operator_acct().size(); ++op) {
      if (!operator_active(op)) continue;
      const economy::AccountId acct = operator_acct()[op];
      const double usd = operators_.epoch_cost_usd(op, epoch_s) * m.operator_cost_cover;
      const Amount need = market_.opg_for_usd(usd);  // -1: the pool has not that many dollars
      const Amount balance = ledger_.balance(acct);
      market_.sell(acct, need < 0 ? balance : std::min(need, balance));
    }
    // The operators of every deciding role (economy.roles.<role>.decide) pay hardware too: the
    // same rule, each with its own cost, after the inference operators.
    for (const RoleAgents& a : agents_) {
      const std::vector<economy::AccountId>& ids = accounts_[a.role];
      for (std::uint32_t op = 0; op < ids.size(); ++op) {
        if (a.pool.state(op) != economy::OperatorState::Active) continue;
        const Amount need = market_.opg_for_usd(a.pool.epoch_cost_usd(op, epoch_s) * m.operator_cost_cover);
        const Amount balance = ledger_.balance(ids[op]);
        market_.sell(ids[op], need < 0 ? balance : std::min(need, balance));
      }
    }
  }
  if (m.buyback_usd_per_day > 0) market_.buy_with_usd(ledger_.treasury(), m.buyback_usd_per_day * epoch_s / 86400.0);
}

// The population's quality over the epoch: the users model's multiplier on all its requests.
double Economy::population_quality() const {
  std::uint64_t requests = 0, failed = 0, slow = 0;
  for (const economy::CohortExperience& e : experience_) {
    requests += e.requests;
    failed += e.failed;
    slow += e.slow;
  }
  if (requests == 0) return 1.0;
  const auto n = static_cast<double>(requests);
  const auto clamp01 = [](double x) { return std::clamp(x, 0.0, 1.0); };
  return clamp01(1 - spec_.users.failure_weight * static_cast<double>(failed) / n) *
         clamp01(1 - spec_.users.slow_weight * static_cast<double>(slow) / n);
}

// (USD price of the reference request / reference)^-elasticity x quality^quality_exponent; each
// part exactly 1 when its parameter is 0, so the rate is the users model's own.
double Economy::demand_at(double now, double quality) {
  const economy::DemandConfig& d = spec_.users.demand;
  double factor = 1.0;
  if (d.elasticity > 0) {
    const double price = market_.price(now);
    const auto mode = world_.scenario.workload.classes.front().verification;
    const Amount fee = economy::usage_fee(fees_, d.reference_prompt_tokens, d.reference_output_tokens, mode, price);
    factor = economy::demand_factor(economy::units_to_opg(fee) * price, d.reference_usd_per_request, d.elasticity);
  }
  if (d.quality_exponent > 0) factor *= std::pow(quality, d.quality_exponent);
  return factor;
}

}  // namespace opgsim::engine
