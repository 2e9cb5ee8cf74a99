// The economy's policies as scenario rules (issue 11 items 7 and 8): who proposes what to
// governance and when, how each staker votes, and what the ecosystem fund spends on its own.
//
// Pure configuration and pure decisions: the economy (sim/engine/economy_governance.cpp,
// economy_fund.cpp) evaluates the proposer rules at its epoch ends, asks vote_for() how each
// staking node votes, and pays the fund's grants and subsidies from the treasury (which holds the
// ecosystem bucket's unlocked tokens). Every number here is an assumption meant to be swept
// unless it cites the notes.
#pragma once

#include <cstdint>
#include <vector>

#include "models/economy/governance.hpp"
#include "models/economy/grants.hpp"

namespace opgsim::economy {

// One proposer rule (economy.governance.proposers[i], a family by type). Triggered rules watch
// the running economy at each epoch end; scheduled ones propose at the first epoch end at or
// after at_s. Each rule proposes at most once.
struct ProposerRule {
  enum class Type { FeeCutOnUserDrop, SubsidyOnOperatorDrop, SetFee, SetRewardRate, SetSlashFraction, TreasurySpend };
  Type type = Type::SetFee;
  // fee_cut_on_user_drop: when the request rate (active users x the demand factor) fell by
  // `drop` or more against its value window_days ago, propose fee multiplier new_fee_multiplier.
  double window_days = 30;
  double drop = 0.2;
  double new_fee_multiplier = 0.5;
  // subsidy_on_operator_drop: when active operators fall below min_active, propose an operator
  // subsidy of usd_per_hour per active operator (paid by the fund's subsidy rule while active
  // operators < min_active).
  std::uint32_t min_active = 1;
  double usd_per_hour = 1;
  // Scheduled rules: when, and the value (set_fee: fee multiplier; set_reward_rate: reward
  // multiplier; set_slash_fraction: the invalid-result slash fraction; treasury_spend: OPG granted
  // to app builders).
  double at_s = 0;
  double value = 1;
  // Every rule: after it proposed, it may propose again once this many days have passed and its
  // condition holds again (0: it proposes at most once, the behaviour before this field existed).
  double repeat_after_days = 0;
};

// How voters vote (notes §1.4 for the Cosmos rules): each staking node votes by its own profit;
// its delegators inherit its vote (the Cosmos default for a delegator that does not vote) except
// where they have a rule of their own (the reward rate: by their yield). A node the proposal does
// not touch does not vote, nor do its delegators.
struct GovernanceSpec {
  bool enabled = false;
  GovernanceConfig rules;  // voting_period_s (og-evm 172,800 s), quorum, threshold
  std::vector<ProposerRule> proposers;
};

// The ecosystem fund's own spending rules (economy.fund). Grants: grant_usd_per_day worth of OPG
// (at the epoch's price) paid to app builders from start_s on, bringing users with the grants
// model's lag and cost per user. Subsidy: usd_per_hour in OPG to each active operator while
// active operators < while_active_below (0: no count condition) and, with only_unprofitable, only
// to an operator whose epoch profit without it was negative.
struct FundConfig {
  bool enabled = false;
  double grant_usd_per_day = 0;
  double grant_start_s = 0;
  GrantConfig grants;
  double subsidy_usd_per_hour = 0;
  std::uint32_t subsidy_while_active_below = 0;
  bool subsidy_only_unprofitable = false;
};

// What a node votes on `p`, given what it is: a deciding (routed) operator, a node of a role
// that earns a fee share, and the demand elasticity. Returns false when it does not vote.
//  - SetFee (multiplier m, relative to the current one): fee revenue scales by m^(1 - elasticity)
//    (the fee times the request rate's response); yes if that rises, no if it falls; nodes with
//    no fee share do not vote.
//  - SetRewardRate (multiplier m vs the current): everyone's yield scales by m: yes if m > 1.
//  - SetSlashFraction: operators (who can be slashed) vote yes if it falls, no if it rises.
//  - SetSubsidy: operators vote yes (they are paid); nobody else votes.
//  - TreasurySpend (a grant): new users bring fees: fee earners vote yes.
struct VoterTraits {
  bool routed_operator = false;
  bool earns_fees = false;
};
bool vote_for(const Proposal& p, const VoterTraits& who, double current_value, double elasticity, Vote& out);

}  // namespace opgsim::economy
