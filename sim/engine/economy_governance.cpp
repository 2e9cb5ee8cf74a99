// The Economy's governance (issue 11 item 7; see economy.hpp, models/economy/governance.hpp and
// policy.hpp): proposer rules open proposals at epoch ends; at the end of the voting period (the
// economy's actor wakes then) every staking node votes by its own profit with its stake then, its
// delegators inherit its vote, the tally closes, and a passed proposal changes the running
// economy's parameter at that instant (a proposal still open when the run ends is reported in
// events.csv, proposal_open_at_end): the fees in force, the reward multiplier, the invalid-result
// slash fraction, the operator subsidy, or a grant paid from the treasury. Kept apart from
// economy.cpp (fees, operators, users) because it is its own model family.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "sim/engine/economy.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::engine {

using economy::Amount;
using economy::ProposalKind;
using economy::ProposerRule;

namespace {
const char* rule_name(ProposerRule::Type t) {
  switch (t) {
    case ProposerRule::Type::FeeCutOnUserDrop: return "fee_cut_on_user_drop";
    case ProposerRule::Type::SubsidyOnOperatorDrop: return "subsidy_on_operator_drop";
    case ProposerRule::Type::SetFee: return "set_fee";
    case ProposerRule::Type::SetRewardRate: return "set_reward_rate";
    case ProposerRule::Type::SetSlashFraction: return "set_slash_fraction";
    case ProposerRule::Type::TreasurySpend: return "treasury_spend";
  }
  return "?";
}
}  // namespace

// The policies' state at genesis: governance with its rules, the grant pipeline and builders'
// account (fund or governance on: a treasury_spend proposal is a grant), the fund's subsidy rule,
// and the holders' account for unlocked tokens on sale. Nothing is opened when all are off.
void Economy::open_policies() {
  const economy::GovernanceSpec& g = spec_.governance;
  const economy::FundConfig& f = spec_.fund;
  if (g.enabled) {
    policy_.gov.emplace(g.rules);
    policy_.fired_at.assign(g.proposers.size(), -std::numeric_limits<double>::infinity());
  }
  if (f.enabled || g.enabled) {
    policy_.fund_outputs = true;
    policy_.grants.emplace(f.grants);
    policy_.builders = ledger_.open(economy::AccountKind::Builder, 0);
  }
  if (f.enabled) {
    policy_.subsidy_usd_per_hour = f.subsidy_usd_per_hour;
    policy_.subsidy_while_active_below = f.subsidy_while_active_below;
    policy_.subsidy_only_unprofitable = f.subsidy_only_unprofitable;
  }
  if (market_.amm() && spec_.price.market.unlock_sell_per_day > 0 && buckets_) {
    policy_.sell_unlocked = true;
    policy_.holders = ledger_.open(economy::AccountKind::Holder, 0);
    policy_.moved.resize(buckets_->size());
    for (std::size_t i = 0; i < buckets_->size(); ++i) policy_.moved[i] = buckets_->unlocked(i);
  }
}

double Economy::next_vote_end() const {
  double next = std::numeric_limits<double>::infinity();
  if (!policy_.gov) return next;
  for (const std::uint32_t id : policy_.gov->open()) next = std::min(next, policy_.gov->proposal(id).voting_ends_s);
  return next;
}

// The proposer rules at an epoch end (a proposal's votes are cast at the end of its voting period).
void Economy::governance_epoch(double t1) {
  if (!policy_.gov) return;
  const double rate = users_.request_rate() * demand_factor_;
  auto& hist = policy_.rate_history;
  hist.emplace_back(t1, rate);
  double longest = 0;
  for (const ProposerRule& r : spec_.governance.proposers)
    if (r.type == ProposerRule::Type::FeeCutOnUserDrop) longest = std::max(longest, r.window_days * 86400);
  // Keep the last entry at or before the longest window's start, and everything after it.
  while (hist.size() > 1 && hist[1].first <= t1 - longest) hist.pop_front();
  for (std::size_t i = 0; i < spec_.governance.proposers.size(); ++i) {
    const ProposerRule& r = spec_.governance.proposers[i];
    // Once, or again after repeat_after_days.
    if (!std::isinf(policy_.fired_at[i]) && (r.repeat_after_days <= 0 || t1 < policy_.fired_at[i] + r.repeat_after_days * 86400))
      continue;
    ProposalKind kind = ProposalKind::SetFee;
    double value = r.value;
    Amount amount = 0;
    std::string why;
    switch (r.type) {
      case ProposerRule::Type::FeeCutOnUserDrop: {
        // The rate window_days ago (the first epoch's while the run is younger).
        const double start = t1 - r.window_days * 86400;
        auto it = std::upper_bound(hist.begin(), hist.end(), start,
                                   [](double t, const std::pair<double, double>& e) { return t < e.first; });
        const double before = it == hist.begin() ? hist.front().second : std::prev(it)->second;
        if (!(before > 0) || rate > before * (1 - r.drop)) continue;
        value = r.new_fee_multiplier;
        why = fmt::format("rate_rps={:.6g} rate_before_rps={:.6g}", rate, before);
        break;
      }
      case ProposerRule::Type::SubsidyOnOperatorDrop:
        if (operators_.active() >= r.min_active) continue;
        kind = ProposalKind::SetSubsidy;
        value = r.usd_per_hour;
        amount = r.min_active;  // the count below which the subsidy pays
        why = fmt::format("operators_active={}", operators_.active());
        break;
      default:
        if (t1 < r.at_s) continue;
        kind = r.type == ProposerRule::Type::SetFee          ? ProposalKind::SetFee
               : r.type == ProposerRule::Type::SetRewardRate ? ProposalKind::SetRewardRate
               : r.type == ProposerRule::Type::SetSlashFraction ? ProposalKind::SetSlashFraction
                                                                : ProposalKind::TreasurySpend;
        if (kind == ProposalKind::TreasurySpend) amount = economy::opg_to_units(r.value);
        why = fmt::format("at_s={}", r.at_s);
        break;
    }
    policy_.fired_at[i] = t1;
    const std::uint32_t id = policy_.gov->submit(kind, value, amount, rule_name(r.type), t1);
    const economy::Proposal& p = policy_.gov->proposal(id);
    event(t1, "proposal_submitted", -1, amount,
          fmt::format("id={} kind={} value={} rule={} {} voting_ends_s={}", id, economy::proposal_kind_name(kind), value, p.reason, why,
                      p.voting_ends_s));
  }
}

// Proposals whose voting ended at or before `now`: tallied against the bonded stake now; a passed
// one is executed at once.
void Economy::execute_proposals(double now) {
  if (!policy_.gov || next_vote_end() > now) return;
  // Every staking node votes by its own profit (policy.hpp) with its stake then, and its
  // delegators inherit its vote; the current value is the parameter in force.
  const auto cast_votes = [this](std::uint32_t id, double t) {
    const economy::Proposal& p = policy_.gov->proposal(id);
    const ProposalKind kind = p.kind;
    const double current = kind == ProposalKind::SetFee            ? policy_.fee_multiplier
                           : kind == ProposalKind::SetRewardRate    ? policy_.reward_multiplier
                           : kind == ProposalKind::SetSlashFraction ? slash_invalid_fraction_
                           : kind == ProposalKind::SetSubsidy       ? policy_.subsidy_usd_per_hour
                                                                    : 0.0;
    for (const NodeRole& role : node_roles()) {
      if (role.economy.stake_key.empty()) continue;
      economy::VoterTraits who;
      who.routed_operator = role.routed;
      who.earns_fees = role.economy.share_bps != nullptr && fees_.shares.*role.economy.share_bps > 0;
      economy::Vote choice{};
      if (!economy::vote_for(p, who, current, spec_.users.demand.elasticity, choice)) continue;
      for (const economy::AccountId node : accounts_[role.index()]) {
        policy_.gov->vote(id, node, choice, ledger_.staked(node), t);
        const std::int32_t k = node < target_of_.size() ? target_of_[node] : -1;
        if (k >= 0) {
          const economy::AccountId d = targets_[static_cast<std::size_t>(k)].delegator;
          policy_.gov->vote(id, d, choice, ledger_.staked(d), t);
        }
      }
    }
  };
  // Cosmos weighs each vote by the voter's stake at the tally: every staker votes at the last
  // instant of the voting period, with its stake and the parameters then.
  for (const std::uint32_t id : policy_.gov->open()) {
    const double end = policy_.gov->proposal(id).voting_ends_s;
    if (end <= now) cast_votes(id, std::nextafter(end, -std::numeric_limits<double>::infinity()));
  }
  const Amount bonded = ledger_.total_staked();
  for (const std::uint32_t id : policy_.gov->tally(now, bonded)) {
    const economy::Proposal& p = policy_.gov->proposal(id);
    const Amount turnout = p.yes + p.no + p.abstain;
    event(now, "vote_tally", -1, turnout,
          fmt::format("id={} yes_units={} no_units={} abstain_units={} bonded_units={} turnout={:.6g}", id, p.yes, p.no,
                      p.abstain, bonded, bonded > 0 ? static_cast<double>(turnout) / static_cast<double>(bonded) : 0.0));
    if (p.status != economy::ProposalStatus::Passed) {
      ++policy_.rejected;
      event(now, "proposal_rejected", -1, p.amount, fmt::format("id={} kind={}", id, economy::proposal_kind_name(p.kind)));
      continue;
    }
    ++policy_.passed;
    event(now, "proposal_passed", -1, p.amount, fmt::format("id={} kind={}", id, economy::proposal_kind_name(p.kind)));
    std::string what;
    switch (p.kind) {
      case ProposalKind::SetFee: {
        const double m = p.value;
        policy_.fee_multiplier = m;
        fees_.usd_per_million_input = spec_.fees.usd_per_million_input * m;
        fees_.usd_per_million_output = spec_.fees.usd_per_million_output * m;
        for (std::size_t k = 0; k < fees_.surcharge_usd.size(); ++k) fees_.surcharge_usd[k] = spec_.fees.surcharge_usd[k] * m;
        what = fmt::format("fee_multiplier={} usd_per_million_input={} usd_per_million_output={}", m,
                           fees_.usd_per_million_input, fees_.usd_per_million_output);
        break;
      }
      case ProposalKind::SetRewardRate:
        policy_.reward_multiplier = p.value;
        what = fmt::format("reward_multiplier={}", p.value);
        break;
      case ProposalKind::SetSlashFraction:
        slash_invalid_fraction_ = p.value;
        what = fmt::format("slash_invalid_fraction={}", p.value);
        break;
      case ProposalKind::SetSubsidy:
        policy_.subsidy_usd_per_hour = p.value;
        policy_.subsidy_while_active_below = static_cast<std::uint32_t>(p.amount);
        policy_.subsidy_only_unprofitable = false;
        what = fmt::format("subsidy_usd_per_hour={} while_active_below={}", p.value, p.amount);
        break;
      case ProposalKind::TreasurySpend:
        what = fmt::format("grant_units={}", p.amount);
        break;
    }
    ++policy_.executed;
    event(now, "proposal_executed", -1, p.amount, fmt::format("id={} kind={} {}", id, economy::proposal_kind_name(p.kind), what));
    if (p.kind == ProposalKind::TreasurySpend) grant(p.amount, now, "proposal");
  }
}

// The run ended (after the drain) with proposals whose voting period had not ended: each is
// reported in events.csv (proposal_open_at_end), never executed.
void Economy::governance_at_end(double now) {
  if (!policy_.gov) return;
  for (const std::uint32_t id : policy_.gov->open()) {
    const economy::Proposal& p = policy_.gov->proposal(id);
    event(now, "proposal_open_at_end", -1, p.amount,
          fmt::format("id={} kind={} submitted_s={} voting_ends_s={}", id, economy::proposal_kind_name(p.kind), p.submitted_s,
                      p.voting_ends_s));
  }
}

// ledger.csv's policy columns of the row being written (present as the context says).
void Economy::policy_columns(analysis::output::LedgerRow& row) {
  row.fee_multiplier = policy_.fee_multiplier;
  row.reward_multiplier = policy_.reward_multiplier;
  row.slash_invalid_fraction = slash_invalid_fraction_;
  row.subsidies_units = policy_.epoch_subsidies;
  row.grants_units = policy_.epoch_grants;
  row.grant_users = policy_.epoch_grant_users;
  row.unlock_sold_units = policy_.epoch_unlock_sold;
  policy_.epoch_subsidies = policy_.epoch_grants = policy_.epoch_unlock_sold = 0;
  policy_.epoch_grant_users = 0;
}

analysis::output::LedgerContext Economy::ledger_context() const {
  return {.amm = market_.amm(), .x402 = payments_ != nullptr, .governance = policy_.gov.has_value(), .fund = policy_.fund_outputs,
          .unlock_sell = policy_.sell_unlocked, .deciding_roles = {}};
}

// summary.json's economy.governance, economy.fund and economy.market.unlock_sold_units (each
// only when its family is on).
void Economy::policy_summary(nlohmann::json& out) const {
  if (policy_.gov) {
    analysis::output::JsonWriter j(analysis::output::summary_fields(), "economy.governance");
    j.set("proposals", policy_.gov->size());
    j.set("passed", policy_.passed);
    j.set("rejected", policy_.rejected);
    j.set("executed", policy_.executed);
    j.set("fee_multiplier", policy_.fee_multiplier);
    j.set("reward_multiplier", policy_.reward_multiplier);
    j.set("slash_invalid_fraction", slash_invalid_fraction_);
    out["governance"] = j.take();
  }
  if (policy_.fund_outputs) {
    analysis::output::JsonWriter j(analysis::output::summary_fields(), "economy.fund");
    j.set("subsidies_units", policy_.subsidies);
    j.set("subsidies_opg", economy::units_to_opg(policy_.subsidies));
    j.set("grants_units", policy_.grants_paid);
    j.set("grants_opg", economy::units_to_opg(policy_.grants_paid));
    j.set("subsidy_payments", policy_.subsidy_payments);
    j.set("grant_users", policy_.grant_users);
    j.set("grant_users_pending", policy_.grants->in_pipeline());
    out["fund"] = j.take();
  }
  if (policy_.sell_unlocked) out["market"]["unlock_sold_units"] = policy_.unlock_sold;
}

}  // namespace opgsim::engine
