// economy.governance and economy.fund of the scenario schema (see scenario_schema.hpp), bound to
// models/economy/policy.hpp: the proposer rules (a family by type), the voting rules and the
// ecosystem fund's spending rules. Kept apart from economy_schema.cpp: its own model family.
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/scenario_limits.hpp"

#include "sim/config/family.hpp"

namespace opgsim {

config::Bind<economy::GovernanceSpec> governance_binding() {
  using config::Bind;
  using config::member;
  using config::Type;
  using economy::GovernanceConfig;
  using economy::GovernanceSpec;
  using economy::ProposerRule;
  using nlohmann::json;
  using namespace limits;
  using T = ProposerRule::Type;
  config::Family<ProposerRule, T> rule("Who proposes what, and when (models/economy/policy.hpp). Each rule proposes "
                                       "at an epoch end, at most once unless repeat_after_days is set.",
                                       &ProposerRule::type);
  // Every type's cooldown (a field of each type: the family has no common fields).
  const auto repeat = [](config::Bind<ProposerRule>& b) {
    b.field("repeat_after_days", &ProposerRule::repeat_after_days, Type::number().ge(0).le(3650)).def(0.0).unit("days")
        .doc("After proposing, the rule may propose again once this long has passed and its condition holds again "
             "(assumption; 0: at most once).");
  };
  auto& cut = rule.type("fee_cut_on_user_drop",
                        "When the request rate (active users x the demand factor) has fallen by `drop` or more against "
                        "its value window_days earlier (its first epoch end's while the run is younger), propose the fee "
                        "multiplier new_fee_multiplier.",
                        T::FeeCutOnUserDrop);
  cut.field("window_days", &ProposerRule::window_days, Type::number().gt(0).le(3650)).def(30.0).unit("days")
      .doc("The look-back window (the issue's example: 30-day active users).");
  cut.field("drop", &ProposerRule::drop, Type::number().gt(0).lt(1)).def(0.2)
      .doc("The relative fall that triggers it (the issue's example: 20 %).");
  cut.field("new_fee_multiplier", &ProposerRule::new_fee_multiplier, Type::number().gt(0).le(1000)).def(0.5)
      .doc("The proposed fees as a multiple of economy.fees' USD prices (assumption: halve them).");
  repeat(cut);
  auto& sub = rule.type("subsidy_on_operator_drop",
                        "When active operators fall below min_active, propose an operator subsidy of usd_per_hour to "
                        "each active operator, paid from the treasury while active operators < min_active.",
                        T::SubsidyOnOperatorDrop);
  sub.field("min_active", &ProposerRule::min_active, Type::integer().ge(1).le(kMaxNodesPerRole)).def(1)
      .doc("The trigger and the subsidy's condition.");
  sub.field("usd_per_hour", &ProposerRule::usd_per_hour, Type::number().gt(0).le(1e9)).def(1.0).unit("USD/h")
      .doc("Paid in OPG at the epoch's price to each active operator.");
  repeat(sub);
  const auto scheduled = [&](const char* name, const char* doc, T t, const char* value_doc, Type value_type) {
    auto& s = rule.type(name, doc, t);
    s.field("at_s", &ProposerRule::at_s, Type::number().ge(0).le(kMaxDurationS)).unit("s")
        .doc("Proposed at the first epoch end at or after this.");
    s.field("value", &ProposerRule::value, value_type).doc(value_doc);
    repeat(s);
  };
  scheduled("set_fee", "Propose a fee multiplier at at_s.", T::SetFee,
            "The fees as a multiple of economy.fees' USD prices.", Type::number().gt(0).le(1000));
  scheduled("set_reward_rate", "Propose a staking-reward multiplier at at_s.", T::SetRewardRate,
            "The epoch's emission x this (still at most what the rewards bucket has unlocked).",
            Type::number().ge(0).le(1000));
  scheduled("set_slash_fraction", "Propose a new economy.slash_invalid_fraction at at_s.", T::SetSlashFraction,
            "The new fraction.", Type::number().ge(0).le(1));
  scheduled("treasury_spend", "Propose a grant to app builders at at_s, paid from the treasury.", T::TreasurySpend,
            "OPG granted (it brings users by economy.fund's grant model).", Type::number().gt(0).le(kMaxOpg));

  Bind<GovernanceSpec> g("Stake-weighted governance (Cosmos SDK x/gov, models/economy/governance.hpp): proposer "
                         "rules open proposals, every staking node votes at the end of the voting period by its own profit "
                         "(models/economy/policy.hpp: a fee change by fee revenue x m^(1 - elasticity), the reward "
                         "rate by yield, the slash fraction and subsidies by the operators' gain; a node the proposal "
                         "does not touch does not vote) with its own stake, its delegators inherit its vote (the "
                         "reward rate: they vote by their yield); a proposal passes when turnout / bonded stake >= "
                         "quorum and yes / (yes + no) > threshold at the end of the voting period, and is executed "
                         "then.");
  g.field("enabled", &GovernanceSpec::enabled, Type::boolean()).def(false).doc("Run governance.");
  g.field("voting_period_s", member(&GovernanceSpec::rules, &GovernanceConfig::voting_period_s),
          Type::number().gt(0).le(kMaxDurationS)).def(172800.0).unit("s")
      .doc("og-evm default 172,800 s (notes §1.4; expedited 86,400 s).");
  g.field("quorum", member(&GovernanceSpec::rules, &GovernanceConfig::quorum), Type::number().ge(0).le(1)).def(0.334)
      .doc("Least turnout (voted stake / bonded stake) (Cosmos SDK default 33.4 %).");
  g.field("threshold", member(&GovernanceSpec::rules, &GovernanceConfig::threshold), Type::number().ge(0).lt(1))
      .def(0.5).doc("yes / (yes + no) must exceed this (Cosmos SDK default 50 %).");
  g.objects("proposers", &GovernanceSpec::proposers, rule).max_size(kMaxListItems).def(json::array())
      .doc("The proposer rules.");
  return g;
}

config::Bind<economy::FundConfig> fund_binding() {
  using config::Bind;
  using config::member;
  using config::Type;
  using economy::FundConfig;
  using economy::GrantConfig;
  using namespace limits;
  Bind<FundConfig> f("The ecosystem fund's own spending (models/economy/policy.hpp): grants to app builders that "
                     "bring users after a lag (models/economy/grants.hpp) and subsidies to active operators, each a "
                     "ledger transfer from the treasury (which holds the ecosystem bucket's unlocked tokens), never "
                     "more than it holds. Buybacks are the amm market's buyback_usd_per_day.");
  f.field("enabled", &FundConfig::enabled, Type::boolean()).def(false).doc("Run the fund's rules.");
  f.field("grant_usd_per_day", &FundConfig::grant_usd_per_day, Type::number().ge(0).le(1e12)).def(0.0).unit("USD/day")
      .doc("Grants paid each epoch (pro rata), in OPG at the epoch's price, to the builders' account (assumption: 0).");
  f.field("grant_start_s", &FundConfig::grant_start_s, Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s")
      .doc("Grants start at this time.");
  f.field("grant_usd_per_user", member(&FundConfig::grants, &GrantConfig::usd_per_user), Type::number().gt(0).le(1e9))
      .def(20.0).unit("USD").doc("Grant dollars per user the builders' apps bring (assumption, sweep 5-100).");
  f.field("grant_lag_s", member(&FundConfig::grants, &GrantConfig::lag_s), Type::number().ge(0).le(kMaxDurationS))
      .def(30 * 86400.0).unit("s").doc("From grant to users (assumption: a month).");
  f.field("subsidy_usd_per_hour", &FundConfig::subsidy_usd_per_hour, Type::number().ge(0).le(1e9)).def(0.0)
      .unit("USD/h").doc("Paid in OPG at the epoch's price to each active operator (assumption: 0).");
  f.field("subsidy_while_active_below", &FundConfig::subsidy_while_active_below,
          Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Only while active operators are fewer than this (0: always).");
  f.field("subsidy_only_unprofitable", &FundConfig::subsidy_only_unprofitable, Type::boolean()).def(false)
      .doc("Only to an operator whose epoch profit without the subsidy was negative.");
  return f;
}

}  // namespace opgsim
