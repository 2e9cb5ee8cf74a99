// The long-horizon mode's way into the Economy (sim/horizon/): a period's traffic in aggregate
// instead of one on_request_end per request. O(cohorts + active nodes) per call:
// - each cohort's share of every count and fee is its share of the active users (the request
//   rate is users x requests_per_user_per_s, the same for every user), split in exact integers
//   (largest remainder);
// - each cohort pays its usage fees (aggregate_usage_fee: the class's mean request, capped) and
//   base fees through collect() (topping up from the treasury or the pool as for one request, the
//   treasury never with fees taken in earlier in the same call),
//   burns the base fee, and pays the rest to the treasury as a clearing account; the treasury then
//   pays the period's fee split (economy.fees.shares) to the active nodes of each earning role
//   in even parts (a role with no active node: the treasury keeps its part; a request-level run
//   pays each request's part to the one node that served it, which over a period spreads it
//   about evenly under the router's balancing policies), keeps its own share and burns the burn;
// - with x402 payments the charge is taken to settle directly within the period (assumption: the
//   payment chain's few-second blocks are negligible at a period's scale; its outages are not
//   modelled in aggregate), so fees are paid the same way; requests verification catches as
//   invalid are not modelled (no slashing in aggregate).
#include <algorithm>

#include "models/economy/aggregate_fees.hpp"
#include "models/economy/emissions.hpp"
#include "sim/engine/economy.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using economy::Amount;

void Economy::active_list(std::size_t role, std::vector<std::uint32_t>& out) const {
  out.clear();
  const auto n = static_cast<std::uint32_t>(accounts_[role].size());
  if (role == routed_) {
    for (std::uint32_t i = 0; i < n; ++i)
      if (operator_active(i)) out.push_back(i);
    return;
  }
  for (const RoleAgents& a : agents_)
    if (a.role == role) {
      for (std::uint32_t i = 0; i < n; ++i)
        if (a.pool.state(i) == economy::OperatorState::Active) out.push_back(i);
      return;
    }
  const std::vector<bool>& forced = forced_out_nodes_[role];
  for (std::uint32_t i = 0; i < n; ++i)
    if (forced.empty() || !forced[i]) out.push_back(i);
}

std::uint32_t Economy::active_nodes(std::size_t role) const {
  if (role == routed_) return operators_.active();
  for (const RoleAgents& a : agents_)
    if (a.role == role) return a.pool.active();
  const std::vector<bool>& forced = forced_out_nodes_[role];
  const auto n = static_cast<std::uint32_t>(accounts_[role].empty() ? node_roles()[role].count(world_.scenario)
                                                                    : accounts_[role].size());
  return n - static_cast<std::uint32_t>(std::count(forced.begin(), forced.end(), true));
}

double Economy::request_rate() const { return users_.request_rate() * demand_factor_; }

void Economy::ingest_aggregate(const std::vector<ClassTraffic>& by_class, double now) {
  const std::size_t cohorts = cohort_acct_.size();
  agg_weights_.assign(cohorts, 0);
  for (std::size_t k = 0; k < cohorts; ++k) agg_weights_[k] = static_cast<Amount>(users_.cohort_active(k));
  agg_parts_.assign(cohorts, 0);
  // Experience: each count shared by the cohorts' active users.
  const auto share = [&](std::uint64_t total, auto field) {
    if (total == 0 || !economy::pro_rata(static_cast<Amount>(total), agg_weights_, agg_parts_)) return;
    for (std::size_t k = 0; k < cohorts; ++k) experience_[k].*field += static_cast<std::uint64_t>(agg_parts_[k]);
  };
  Amount usage = 0, gas = 0;
  const double price = market_.price(now);
  for (std::size_t c = 0; c < by_class.size(); ++c) {
    const ClassTraffic& t = by_class[c];
    share(t.offered, &economy::CohortExperience::requests);
    share(t.failed, &economy::CohortExperience::failed);
    share(t.slow, &economy::CohortExperience::slow);
    const auto mode = world_.scenario.workload.classes[c].verification;
    usage += economy::aggregate_usage_fee(fees_, t.completed, t.prompt_tokens, t.output_tokens, mode, price);
    if (spec_.fees.pay_base_fee) gas += t.gas_units;
  }
  if (usage == 0 && gas == 0) return;
  agg_due_.assign(cohorts, 0);
  agg_gas_.assign(cohorts, 0);
  if (!economy::pro_rata(usage, agg_weights_, agg_due_) || !economy::pro_rata(gas, agg_weights_, agg_gas_)) return;  // nobody to pay
  const economy::AccountId treasury = ledger_.treasury();
  Amount net = 0;
  for (std::size_t k = 0; k < cohorts; ++k) {
    if (agg_due_[k] + agg_gas_[k] == 0) continue;
    const economy::AccountId payer = cohort_acct_[k];
    // The period's fees pass through the treasury before they are split: a top-up from the treasury
    // must not spend what earlier cohorts just paid in (net), or the split would overdraw it.
    const Amount paid = collect(payer, agg_due_[k] + agg_gas_[k], net);
    const Amount gas_paid = std::min(agg_gas_[k], paid);
    ledger_.burn(payer, gas_paid);  // EIP-1559 burns the base fee
    ledger_.transfer(payer, treasury, paid - gas_paid);
    net += paid - gas_paid;
    epoch_fees_ += paid;
    total_fees_ += paid;
  }
  const economy::FeeSplit split = economy::split_fee(spec_.fees.shares, net);
  for (const NodeRole& role : node_roles()) {
    if (role.economy.share_part == nullptr) continue;
    const Amount part = split.*role.economy.share_part;
    active_list(role.index(), agg_nodes_);
    if (part == 0) continue;
    if (agg_nodes_.empty()) {  // nobody of the role to earn it: the treasury's
      earned_[treasury] += part;
      continue;
    }
    agg_parts_.assign(agg_nodes_.size(), 0);
    economy::even_parts(part, agg_parts_);
    const std::vector<economy::AccountId>& ids = accounts_[role.index()];
    for (std::size_t j = 0; j < agg_nodes_.size(); ++j) {
      if (agg_parts_[j] == 0) continue;
      ledger_.transfer(treasury, ids[agg_nodes_[j]], agg_parts_[j]);
      earned_[ids[agg_nodes_[j]]] += agg_parts_[j];
      if (role.routed) operator_revenue_[agg_nodes_[j]] += agg_parts_[j];
    }
  }
  earned_[treasury] += split.treasury;
  ledger_.burn(treasury, split.burn);
}

}  // namespace opgsim::engine
