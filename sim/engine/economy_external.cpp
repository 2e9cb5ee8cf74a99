// The Economy's side of a user policy over a pipe (external_policy.hpp): at each epoch end where
// operators decide, the snapshot of the economy goes out and the decisions that come back are
// checked and applied at that instant. With a policy attached, the routed role's operators stay,
// leave or join only as the policy says (its built-in rule does not run); every other rule
// (other roles' agents, users, the fund, governance's proposer rules, the built-in votes of the
// stakers the policy did not vote for) runs as usual. Every decision is checked before any is
// applied, so a bad reply changes nothing and ends the run with one line (exit 2).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "sim/engine/economy.hpp"
#include "sim/engine/external_policy.hpp"

namespace opgsim::engine {

using economy::Amount;
using economy::OperatorState;
using economy::ProposalKind;

namespace {
const char* state_name(OperatorState s) {
  switch (s) {
    case OperatorState::Active: return "active";
    case OperatorState::Joining: return "joining";
    case OperatorState::Inactive: return "inactive";
  }
  return "?";
}

struct Decision {
  enum class Kind { Stay, Leave, Join, Grant, Propose, Vote } kind;
  std::uint32_t op = 0;
  double value = 0;
  Amount amount = 0;
  ProposalKind proposal = ProposalKind::SetFee;
  std::uint32_t id = 0;                      // Vote: the proposal
  economy::Vote support = economy::Vote::Yes;  // Vote: the operator's choice
};
}  // namespace

nlohmann::json Economy::policy_snapshot(double epoch_s, double now, double& mean_profit) {
  const double price = market_.price(now);
  nlohmann::json ops = nlohmann::json::array();
  double profit = 0;  // over the operators active during the epoch (as the built-in rule reports)
  std::uint32_t active = 0;
  for (std::uint32_t i = 0; i < operators_.slots(); ++i) {
    const double revenue = economy::units_to_opg(operator_revenue_[i]) * price;
    const double cost = operators_.epoch_cost_usd(i, epoch_s);
    if (operators_.state(i) == OperatorState::Active) {
      profit += revenue - cost;
      ++active;
    }
    ops.push_back({{"id", i},
                   {"state", state_name(operators_.state(i))},
                   {"revenue_usd", revenue},
                   {"cost_usd", cost},
                   {"profit_usd", revenue - cost},
                   {"stake_units", ledger_.staked(operator_acct()[i])}});
  }
  nlohmann::json proposals = nlohmann::json::array();
  if (policy_.gov)
    for (const std::uint32_t id : policy_.gov->open()) {
      const economy::Proposal& p = policy_.gov->proposal(id);
      proposals.push_back({{"id", id},
                           {"kind", economy::proposal_kind_name(p.kind)},
                           {"reason", p.reason},
                           {"value", p.value},
                           {"amount_units", p.amount},
                           {"submitted_s", p.submitted_s},
                           {"voting_ends_s", p.voting_ends_s},
                           {"yes_units", p.yes},
                           {"no_units", p.no},
                           {"abstain_units", p.abstain}});
    }
  mean_profit = active > 0 ? profit / active : 0.0;
  return {{"t_s", now},
          {"epoch_s", epoch_s},
          {"price_usd", price},
          {"treasury_units", ledger_.balance(ledger_.treasury())},
          {"total_staked_units", ledger_.total_staked()},
          {"operators", std::move(ops)},
          {"users", {{"active", users_.active_users()}, {"cohorts", users_.cohorts()}, {"request_rate_rps", users_.request_rate() * demand_factor_}}},
          {"governance", policy_.gov.has_value()},
          {"grants", policy_.grants.has_value()},
          {"proposals", std::move(proposals)}};
}

double Economy::external_decide(double epoch_s, double now) {
  double mean_profit = 0;
  const nlohmann::json reply = external_->exchange(policy_snapshot(epoch_s, now, mean_profit), now);
  const auto bad = [now](const std::string& where, const std::string& what) {
    return InputError(fmt::format("policy reply at t={:.6g} s: {}: {}", now, where, what));
  };
  if (!reply.contains("decisions") || !reply["decisions"].is_array())
    throw bad("decisions", "expected an array of decisions (an empty one to change nothing)");
  // Check every decision before applying any.
  std::vector<Decision> decisions;
  const auto number = [&](const nlohmann::json& d, const std::string& at, const char* key) {
    if (!d.contains(key) || !d[key].is_number() || !std::isfinite(d[key].get<double>()))
      throw bad(fmt::format("{}.{}", at, key), "expected a finite number");
    return d[key].get<double>();
  };
  const auto operator_of = [&](const nlohmann::json& d, const std::string& at) {
    if (!d.contains("operator") || !d["operator"].is_number_unsigned() || d["operator"].get<std::uint64_t>() >= operators_.slots())
      throw bad(at + ".operator", fmt::format("expected an operator id from 0 to {}", operators_.slots() - 1));
    return static_cast<std::uint32_t>(d["operator"].get<std::uint64_t>());
  };
  // A proposal still open for votes (the tally at this instant has already run).
  const auto open_proposal = [&](const nlohmann::json& d, const std::string& at) {
    if (!policy_.gov) throw bad(at, "a vote needs economy.governance.enabled");
    std::string open;
    for (const std::uint32_t id : policy_.gov->open()) open += fmt::format("{}{}", open.empty() ? "" : ", ", id);
    const std::string which = open.empty() ? std::string("none is open") : fmt::format("open: {}", open);
    if (!d.contains("proposal") || !d["proposal"].is_number_unsigned())
      throw bad(at + ".proposal", fmt::format("expected a proposal id ({})", which));
    const std::uint64_t id = d["proposal"].get<std::uint64_t>();
    if (id >= policy_.gov->size()) throw bad(at + ".proposal", fmt::format("unknown proposal {} ({})", id, which));
    const economy::Proposal& p = policy_.gov->proposal(static_cast<std::uint32_t>(id));
    if (p.status != economy::ProposalStatus::Voting || !(now < p.voting_ends_s))
      throw bad(at + ".proposal", fmt::format("proposal {} is closed (its voting ended at t={:.6g} s; {})", id, p.voting_ends_s, which));
    return static_cast<std::uint32_t>(id);
  };
  for (std::size_t k = 0; k < reply["decisions"].size(); ++k) {
    const nlohmann::json& d = reply["decisions"][k];
    const std::string at = fmt::format("decisions[{}]", k);
    if (!d.is_object() || !d.contains("kind") || !d["kind"].is_string())
      throw bad(at, "expected an object with a \"kind\"");
    const std::string kind = d["kind"].get<std::string>();
    Decision x{Decision::Kind::Stay};
    if (kind == "stay" || kind == "leave" || kind == "join") {
      x.op = operator_of(d, at);
      const OperatorState s = operators_.state(x.op);
      if (kind == "leave") {
        x.kind = Decision::Kind::Leave;
        if (s == OperatorState::Inactive) throw bad(at, fmt::format("operator {} cannot leave: it is inactive", x.op));
      } else if (kind == "join") {
        x.kind = Decision::Kind::Join;
        if (s != OperatorState::Inactive)
          throw bad(at, fmt::format("operator {} cannot join: it is {}", x.op, state_name(s)));
      }
    } else if (kind == "grant") {
      x.kind = Decision::Kind::Grant;
      if (!policy_.grants) throw bad(at, "a grant needs economy.fund.enabled or economy.governance.enabled");
      x.value = number(d, at, "opg");
      if (x.value <= 0) throw bad(at + ".opg", "expected a number > 0");
      x.amount = economy::opg_to_units(x.value);
    } else if (kind == "propose") {
      x.kind = Decision::Kind::Propose;
      if (!policy_.gov) throw bad(at, "a proposal needs economy.governance.enabled");
      const std::string what = d.contains("proposal") && d["proposal"].is_string() ? d["proposal"].get<std::string>() : "";
      x.value = number(d, at, "value");
      if (what == "set_fee") x.proposal = ProposalKind::SetFee;
      else if (what == "set_reward_rate") x.proposal = ProposalKind::SetRewardRate;
      else if (what == "set_slash_fraction") x.proposal = ProposalKind::SetSlashFraction;
      else if (what == "treasury_spend") {
        x.proposal = ProposalKind::TreasurySpend;
        x.amount = economy::opg_to_units(x.value);
      } else
        throw bad(at + ".proposal", fmt::format("unknown proposal '{}' (set_fee, set_reward_rate, set_slash_fraction, "
                                                "treasury_spend)", what));
      if (x.value < 0) throw bad(at + ".value", "expected a number >= 0");
    } else if (kind == "vote") {
      x.kind = Decision::Kind::Vote;
      x.op = operator_of(d, at);
      x.id = open_proposal(d, at);
      const std::string support = d.contains("support") && d["support"].is_string() ? d["support"].get<std::string>() : "";
      if (support == "yes") x.support = economy::Vote::Yes;
      else if (support == "no") x.support = economy::Vote::No;
      else if (support == "abstain") x.support = economy::Vote::Abstain;
      else throw bad(at + ".support", "expected \"yes\", \"no\" or \"abstain\"");
      if (operators_.state(x.op) == OperatorState::Inactive)
        throw bad(at, fmt::format("operator {} cannot vote: it is inactive (its vote would weigh nothing)", x.op));
      const bool again = policy_.gov->voted(x.id, operator_acct()[x.op]) ||
                         std::any_of(decisions.begin(), decisions.end(), [&](const Decision& e) {
                           return e.kind == Decision::Kind::Vote && e.id == x.id && e.op == x.op;
                         });
      if (again) throw bad(at, fmt::format("operator {} already voted on proposal {} (one vote per voter)", x.op, x.id));
    } else {
      throw bad(at + ".kind", fmt::format("unknown decision '{}' (stay, leave, join, grant, propose, vote)", kind));
    }
    decisions.push_back(x);
  }
  for (const Decision& x : decisions) {
    switch (x.kind) {
      case Decision::Kind::Stay: break;
      case Decision::Kind::Leave: {
        if (operators_.state(x.op) == OperatorState::Inactive) break;  // named twice
        operators_.force_leave(x.op);
        deactivate(x.op);
        const economy::AccountId acct = operator_acct()[x.op];
        event(now, "operator_left", acct, ledger_.staked(acct), "reason=policy");
        if (ledger_.staked(acct) > 0) ledger_.unstake(acct, ledger_.staked(acct), now);
        break;
      }
      case Decision::Kind::Join:
        if (operators_.state(x.op) != OperatorState::Inactive) break;  // named twice
        operators_.begin_join(x.op);
        joins_.push({now + spec_.operators.provisioning_s, x.op, routed_});
        break;
      case Decision::Kind::Grant: grant(x.amount, now, "policy"); break;
      case Decision::Kind::Propose: {
        const std::uint32_t id = policy_.gov->submit(x.proposal, x.value, x.amount, "policy", now);
        event(now, "proposal_submitted", -1, x.amount,
              fmt::format("id={} kind={} value={} rule=policy voting_ends_s={}", id, economy::proposal_kind_name(x.proposal),
                          x.value, policy_.gov->proposal(id).voting_ends_s));
        break;
      }
      case Decision::Kind::Vote: {
        // The operator's stake now, and its delegator's (who inherits its vote, as with the
        // built-in voting rule); when the voting period ends, the built-in rule casts every other
        // staker's vote and skips these.
        const economy::AccountId acct = operator_acct()[x.op];
        const Amount weight = ledger_.staked(acct);
        policy_.gov->vote(x.id, acct, x.support, weight, now);
        const std::int32_t k = acct < target_of_.size() ? target_of_[acct] : -1;
        if (k >= 0) {
          const economy::AccountId d = targets_[static_cast<std::size_t>(k)].delegator;
          policy_.gov->vote(x.id, d, x.support, ledger_.staked(d), now);
        }
        event(now, "vote_cast", acct, weight,
              fmt::format("id={} support={} rule=policy", x.id,
                          x.support == economy::Vote::Yes ? "yes" : x.support == economy::Vote::No ? "no" : "abstain"));
        break;
      }
    }
  }
  publish_stakes();
  return mean_profit;
}

}  // namespace opgsim::engine
