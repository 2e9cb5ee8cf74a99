// The running state of the economy's policies (economy_governance.cpp, economy_fund.cpp): the
// governance module with its proposer rules, the parameters governance has set, the ecosystem
// fund's grant pipeline and subsidy rule, the holders' sale of unlocked tokens, and their totals
// for ledger.csv and summary.json. Part of the Economy (economy.hpp); kept in its own header so
// the policies' state stays apart from fees, emissions and staking.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "models/economy/governance.hpp"
#include "models/economy/grants.hpp"
#include "models/economy/ledger.hpp"
#include "models/economy/policy.hpp"

namespace opgsim::engine {

struct PolicyState {
  // Governance (economy.governance.enabled).
  std::optional<economy::Governance> gov;
  std::vector<double> fired_at;                       // per proposer rule: when it last proposed (-inf: never)
  std::deque<std::pair<double, double>> rate_history;  // (epoch end, request rate), window of the user-drop rules
  double fee_multiplier = 1, reward_multiplier = 1;
  std::uint64_t passed = 0, rejected = 0, executed = 0;
  // The subsidy in force (economy.fund, or set by a passed subsidy proposal).
  double subsidy_usd_per_hour = 0;
  std::uint32_t subsidy_while_active_below = 0;
  bool subsidy_only_unprofitable = false;
  // Grants (economy.fund, or a passed treasury_spend) and the builders' account they are paid to.
  std::optional<economy::GrantPipeline> grants;
  economy::AccountId builders = 0;
  bool fund_outputs = false;  // ledger.csv's and summary.json's fund columns
  // Holders selling unlocked tokens (unlock_sell_per_day > 0): their account and, per bucket,
  // what has been unlocked and moved to it.
  bool sell_unlocked = false;
  economy::AccountId holders = 0;
  std::vector<economy::Amount> moved;
  // This epoch and the run.
  economy::Amount epoch_subsidies = 0, epoch_grants = 0, epoch_unlock_sold = 0;
  std::uint64_t epoch_grant_users = 0;
  economy::Amount subsidies = 0, grants_paid = 0, unlock_sold = 0;
  std::uint64_t subsidy_payments = 0, grant_users = 0;
};

}  // namespace opgsim::engine
