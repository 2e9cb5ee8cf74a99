// The Economy's side of a user policy over a pipe (external_policy.hpp): at each epoch end where
// operators decide, the snapshot of the economy goes out and the decisions that come back are
// checked and applied at that instant. With a policy attached, the routed role's operators stay,
// leave or join only as the policy says (its built-in rule does not run); every other rule
// (other roles' agents, users, the fund, governance's proposer rules) runs as usual. Every
// decision is checked before any is applied, so a bad reply changes nothing and ends the run
// with one line (exit 2).
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
  enum class Kind { Stay, Leave, Join, Grant, Propose } kind;
  std::uint32_t op = 0;
  double value = 0;
  Amount amount = 0;
  ProposalKind proposal = ProposalKind::SetFee;
};
}  // namespace

nlohmann::json Economy::policy_snapshot(double epoch_s, double now) {
  const double price = market_.price(now);
  nlohmann::json ops = nlohmann::json::array();
  for (std::uint32_t i = 0; i < operators_.slots(); ++i) {
    const double revenue = economy::units_to_opg(operator_revenue_[i]) * price;
    const double cost = operators_.epoch_cost_usd(i, epoch_s);
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
      proposals.push_back({{"id", id}, {"reason", p.reason}, {"value", p.value}, {"amount_units", p.amount}, {"voting_ends_s", p.voting_ends_s}});
    }
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
  const nlohmann::json reply = external_->exchange(policy_snapshot(epoch_s, now), now);
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
    } else {
      throw bad(at + ".kind", fmt::format("unknown decision '{}' (stay, leave, join, grant, propose)", kind));
    }
    decisions.push_back(x);
  }
  // The epoch's mean operator profit over those active during it (as the built-in rule reports).
  double profit = 0;
  std::uint32_t active = 0;
  for (std::uint32_t i = 0; i < operators_.slots(); ++i)
    if (operators_.state(i) == OperatorState::Active) {
      profit += economy::units_to_opg(operator_revenue_[i]) * market_.price(now) - operators_.epoch_cost_usd(i, epoch_s);
      ++active;
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
              fmt::format("id={} value={} rule=policy voting_ends_s={}", id, x.value, policy_.gov->proposal(id).voting_ends_s));
        break;
      }
    }
  }
  publish_stakes();
  return active > 0 ? profit / active : 0.0;
}

}  // namespace opgsim::engine
