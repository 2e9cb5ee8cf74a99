// The `economy` section of the scenario schema (see scenario_schema.hpp), bound to EconomySpec:
// fees, emissions, staking and slashing, the token price, operators and users. Kept apart from
// the network's sections because it is its own model family (models/economy) and long.
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/scenario_limits.hpp"

#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "models/proof/verification_mode.hpp"
#include "sim/config/family.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim {

namespace {
using economy::EmissionConfig;
using economy::SlashDestination;
// The emission-curve family: written as a plain name in economy.emissions.type.
constexpr std::array<std::pair<EmissionConfig::Type, const char*>, 3> kEmissionCurves{
    {{EmissionConfig::Type::None, "none"}, {EmissionConfig::Type::Linear, "linear"},
     {EmissionConfig::Type::InverseSqrt, "inverse_sqrt"}}};
constexpr std::array<std::pair<EmissionConfig::Source, const char*>, 2> kEmissionSources{
    {{EmissionConfig::Source::Bucket, "bucket"}, {EmissionConfig::Source::Mint, "mint"}}};
constexpr std::array<std::pair<EmissionConfig::WithoutFees, const char*>, 2> kWithoutFees{
    {{EmissionConfig::WithoutFees::Stake, "stake"}, {EmissionConfig::WithoutFees::Unpaid, "unpaid"}}};
constexpr std::array<std::pair<economy::BucketPurpose, const char*>, 4> kBucketPurposes{
    {{economy::BucketPurpose::Ecosystem, "ecosystem"}, {economy::BucketPurpose::StakingRewards, "staking_rewards"},
     {economy::BucketPurpose::Liquidity, "liquidity"}, {economy::BucketPurpose::Holders, "holders"}}};
constexpr std::array<std::pair<economy::X402Config::ChargeOn, const char*>, 2> kChargeOn{
    {{economy::X402Config::ChargeOn::Delivered, "delivered"}, {economy::X402Config::ChargeOn::Inferred, "inferred"}}};
constexpr std::array<std::pair<SlashDestination, const char*>, 2> kSlashDestinations{
    {{SlashDestination::Burn, "burn"}, {SlashDestination::Treasury, "treasury"}}};

// The published OPG allocation (models/economy/allocation.cpp) as the scenario writes it.
nlohmann::json default_allocation() {
  nlohmann::json out = nlohmann::json::array();
  for (const economy::BucketConfig& b : economy::opg_allocation()) {
    const char* purpose = "";
    for (const auto& [p, name] : kBucketPurposes)
      if (p == b.purpose) purpose = name;
    out.push_back({{"name", b.name},
                   {"share", b.share},
                   {"schedule", {{"tge_share", b.schedule.tge_share}, {"cliff_months", b.schedule.cliff_months},
                                 {"linear_months", b.schedule.linear_months}}},
                   {"purpose", purpose},
                   {"source", b.source}});
  }
  return out;
}

// The operators' decision rule: a family ({"type": ...}), one entry per rule (economy.operators
// and every economy.roles.<role>).
config::Family<economy::OperatorDecision, economy::OperatorDecision::Type> operator_decisions() {
  using config::Type;
  using economy::OperatorDecision;
  config::Family<OperatorDecision, OperatorDecision::Type> decision(
      "How operators decide to leave (models/economy/operators.hpp).", &OperatorDecision::type);
  decision.type("synchronous",
                "Every operator judges every epoch by its streak of unprofitable epochs: all unprofitable ones leave "
                "in the same epoch once the streak reaches patience_epochs.",
                OperatorDecision::Type::Synchronous);
  decision.type("staggered",
                "Operator i decides every patience_epochs epochs, on its own offset, from its profit per hour since "
                "the network last changed or its own last decision (a forward-looking estimate); the lowest estimate "
                "leaves first. Where revenue supports k of n operators the run settles at k.",
                OperatorDecision::Type::Staggered)
      .field("max_leaves_per_epoch", &OperatorDecision::max_leaves_per_epoch,
             Type::integer().ge(1).le(limits::kMaxNodesPerRole))
      .def(1)
      .doc("Most operators that leave in one epoch.");
  return decision;
}

// economy.roles.<role>: a role's operators as agents, declared from its registry entry (its cost
// per node-hour and where that comes from, its minimum). The routed role's are economy.operators.
config::Bind<RoleOperatorsSpec> role_operators_binding(const NodeRole& role) {
  using config::member;
  using config::Type;
  using economy::OperatorConfig;
  using namespace limits;
  const RoleEconomy& re = role.economy;
  const std::string name(role.name);
  const auto op = [](auto OperatorConfig::*m) { return member(&RoleOperatorsSpec::operators, m); };
  config::Bind<RoleOperatorsSpec> b("The " + name + " operators as agents: each pays its node's hardware per hour, "
                                    "earns its fee share and staking rewards, and leaves when that does not pay "
                                    "(its node stops serving, its work goes to the others as after a crash) or "
                                    "joins when it does (models/economy/operators.hpp).");
  b.field("decide", &RoleOperatorsSpec::decide, Type::boolean()).def(false)
      .doc("Its operators decide to stay, leave or join. Off (the default): they never leave" +
           std::string(re.accounts_only_when_deciding ? ", and its nodes have no ledger account." : "."));
  b.field("cost_usd_per_hour", op(&OperatorConfig::gpu_cost_usd_per_hour), Type::number().ge(0).le(1e9))
      .def(re.cost_usd_per_hour_default).unit("USD/h").doc("Hardware cost of one node. " + std::string(re.cost_doc));
  b.field("cost_spread", op(&OperatorConfig::cost_spread), Type::number().ge(0).le(3)).def(0.3)
      .doc("Each operator pays cost_usd_per_hour x a lognormal multiplier of mean 1 and this sigma (assumption: "
           "0.3, as inference operators').");
  b.field("profit_threshold_usd_per_hour", op(&OperatorConfig::profit_threshold_usd_per_hour),
          Type::number().ge(-1e9).le(1e9)).def(0.0).unit("USD/h")
      .doc("Below this profit per node-hour an operator's estimate says leave.");
  b.field("patience_epochs", op(&OperatorConfig::patience_epochs), Type::integer().ge(1).le(1000000)).def(3)
      .doc("staggered: each operator decides every this many epochs on its own offset; synchronous: unprofitable "
           "epochs in a row before it leaves.");
  b.field("join_threshold_usd_per_hour", op(&OperatorConfig::join_threshold_usd_per_hour),
          Type::number().ge(-1e9).le(1e9)).def(1.0).unit("USD/h")
      .doc("New operators join idle nodes while active ones' mean profit per node-hour is above this.");
  b.field("max_joins_per_epoch", op(&OperatorConfig::max_joins_per_epoch), Type::integer().ge(0).le(kMaxNodesPerRole))
      .def(1).doc("Most operators that decide to join in one epoch.");
  b.field("provisioning_s", op(&OperatorConfig::provisioning_s), Type::number().ge(0).le(kMaxDurationS)).def(600.0)
      .unit("s").doc("A joining operator's node comes online this much later.");
  b.field("min_stake_opg", &RoleOperatorsSpec::min_stake_opg, Type::number().ge(0).le(kMaxOpg)).def(0.0).unit("OPG")
      .doc("A node of this role slashed below this stake stops serving at once, as an inference operator below "
           "economy.min_stake_opg (its work goes to the others as after a crash; its stake unbonds; it does not come "
           "back unless its operators decide and one joins). 0 (the default): never (assumption: og-evm's minimum "
           "self-delegation per role is not published; sweep it).");
  b.field("min_active", &RoleOperatorsSpec::min_active, Type::integer().ge(0).le(kMaxNodesPerRole).nullable())
      .def(nullptr)
      .doc("Never fewer active operators than this; null: " +
           std::string(re.min_active != nullptr ? re.min_active_doc : "1") + ".");
  b.object("decision", op(&OperatorConfig::decision), operator_decisions())
      .def(nlohmann::json{{"type", "staggered"}})
      .doc("The leave rule: staggered (the default here: each operator on its own epoch offset with its own "
           "estimate) or synchronous.");
  return b;
}

// Fractions of the scenario to the ledger's basis points; the rules check that they sum to 1.
std::uint32_t basis_points(const nlohmann::json& fraction) {
  return static_cast<std::uint32_t>(std::llround(fraction.get<double>() * 10000));
}
}  // namespace

// The token economy (models/economy). Defaults cite opengradient-notes.md; "assumption" marks
// numbers without a source, meant to be swept.
config::Bind<EconomySpec> economy_binding() {
  using config::Bind;
  using config::member;
  using config::Type;
  using economy::DowntimeConfig;
  using economy::EmissionConfig;
  using economy::FeeConfig;
  using economy::FeeShares;
  using economy::OperatorConfig;
  using economy::TokenPriceConfig;
  using economy::UserConfig;
  using economy::UserWave;
  using nlohmann::json;
  using namespace limits;
  Bind<TokenPriceConfig> price("The OPG price in USD over time (exogenous).");
  price.field("initial_usd", &TokenPriceConfig::initial_usd, Type::number().ge(1e-9).le(1e9)).def(0.10).unit("USD")
      .doc("Price at t = 0 (assumption: no reliable market price).");
  Bind<TokenPriceConfig::Point> point("One point of a price series.");
  point.field("time_s", &TokenPriceConfig::Point::time_s, Type::number().ge(0).le(kMaxDurationS)).unit("s").doc("Time.");
  point.field("usd", &TokenPriceConfig::Point::usd, Type::number().ge(1e-9).le(1e9)).unit("USD").doc("Price.");
  price.objects("series", &TokenPriceConfig::series, point).max_size(kMaxTicks).def(json::array())
      .doc("If not empty: the price, linear between points, flat outside them (replaces initial_usd).");
  Bind<TokenPriceConfig::Shock> shock("A shock: from time_s on the price is multiplied by factor.");
  shock.field("time_s", &TokenPriceConfig::Shock::time_s, Type::number().ge(0).le(kMaxDurationS)).unit("s").doc("When.");
  shock.field("factor", &TokenPriceConfig::Shock::factor, Type::number().ge(1e-9).le(1e9))
      .doc("Multiplier (0.1: a 90 % crash); shocks compound.");
  price.objects("shocks", &TokenPriceConfig::shocks, shock).max_size(kMaxListItems).def(json::array()).doc("Price shocks.");
  price.field("floor_usd", &TokenPriceConfig::floor_usd, Type::number().ge(0).le(1e9)).def(0.0).unit("USD")
      .doc("The price never goes below this (e.g. a buyback floor).");
  // The market model: a family ({"type": ...}); exogenous keeps the path above.
  using economy::MarketConfig;
  config::Family<MarketConfig, MarketConfig::Type> market(
      "What sets the price (models/economy/market.hpp).", &MarketConfig::type);
  market.type("exogenous",
              "The path above (initial_usd, series, shocks, floor_usd); users buy their tokens from the treasury at "
              "that price and nobody else trades.",
              MarketConfig::Type::Exogenous);
  auto& amm = market.type(
      "amm",
      "A constant-product OPG/USD pool (Uniswap v2) fed by the run's flows: users buy the OPG their budgets and "
      "fees take from it, operators sell each epoch the OPG that covers operator_cost_cover of their GPU cost, the "
      "treasury buys back with buyback_usd_per_day. Every swap is a ledger transfer with the pool's account. "
      "initial_usd is not used (the price is usd / opg), shocks multiply the pool's USD reserve, series and "
      "floor_usd must be left out.",
      MarketConfig::Type::Amm);
  amm.field("opg", &MarketConfig::opg, Type::number().gt(0).le(kMaxOpg)).def(10e6).unit("OPG")
      .doc("The pool's OPG seed, from the treasury at genesis (the liquidity bucket; assumption: 10M).");
  amm.field("usd", &MarketConfig::usd, Type::number().ge(1e-6).le(1e12)).def(1e6).unit("USD")
      .doc("The pool's USD seed (assumption: 1M, a price of 0.10 USD).");
  amm.field("fee_bps", &MarketConfig::fee_bps, Type::integer().ge(0).le(9999)).def(30).unit("basis points")
      .doc("Swap fee, kept in the pool (Uniswap v2: 30).");
  amm.field("operator_cost_cover", &MarketConfig::operator_cost_cover, Type::number().ge(0).le(100)).def(1.0)
      .doc("Each epoch every active operator (inference, and of every role with economy.roles.<role>.decide) sells "
           "the OPG (from its liquid balance) that buys this share of its epoch's hardware cost in USD (assumption: "
           "1, they cover their costs and hold the rest).");
  amm.field("buyback_usd_per_day", &MarketConfig::buyback_usd_per_day, Type::number().ge(0).le(1e12)).def(0.0)
      .unit("USD/day").doc("The treasury buys OPG from the pool with this many dollars a day, spread over epochs "
                           "(assumption: none).");
  amm.field("unlock_sell_per_day", &MarketConfig::unlock_sell_per_day, Type::number().ge(0).le(1)).def(0.0)
      .unit("fraction per day")
      .doc("Holders sell to the pool this share a day of the holder buckets' tokens unlocked after genesis and not "
           "yet sold (they move to the holders' account, holder[0], as they unlock; assumption: 0, nobody sells).");
  price.object("market", &TokenPriceConfig::market, market).def(json{{"type", "exogenous"}})
      .doc("The market model: exogenous (the default, as before) or amm.");

  using Surcharges = decltype(FeeConfig::surcharge_usd);
  Bind<Surcharges> surcharge("USD added to a request's fee per verification mode, before the cap (assumption: 0).");
  for (const auto& [mode, name] : proof::kVerificationModeNames) {
    const auto m = static_cast<std::size_t>(mode);
    surcharge.field(name, config::MemberRef<Surcharges, double>([m](Surcharges& a) -> double& { return a[m]; }),
                    Type::number().ge(0).le(1e9))
        .def(0.0).unit("USD").doc(std::string("Surcharge for ") + name + ".");
  }
  Bind<FeeShares> shares("How a fee is split (fractions summing to 1; notes §4: default all to the operator, assumption).");
  // Each role's node share is declared by its registry entry (RoleEconomy), in registry order.
  for (const NodeRole& role : node_roles()) {
    const RoleEconomy& re = role.economy;
    if (re.share_key.empty()) continue;
    shares.field(std::string(re.share_key), config::MemberRef<FeeShares, std::uint32_t>([m = re.share_bps](FeeShares& f) -> std::uint32_t& { return f.*m; }),
                 Type::number().ge(0).le(1), basis_points)
        .def(re.share_default).doc(std::string(re.share_doc));
  }
  shares.field("treasury", &FeeShares::treasury_bps, Type::number().ge(0).le(1), basis_points).def(0.0)
      .doc("The treasury / ecosystem fund.");
  shares.field("burn", &FeeShares::burn_bps, Type::number().ge(0).le(1), basis_points).def(0.0)
      .doc("Burned (out of supply).");
  Bind<FeeConfig> fees("What a completed request pays (OpenGradient's rule, notes §1.6).");
  fees.field("usd_per_million_input", &FeeConfig::usd_per_million_input, Type::number().ge(0).le(1e9)).def(0.25).unit("USD")
      .doc("List price per million prompt tokens (GPT-5-mini, notes §1.6).");
  fees.field("usd_per_million_output", &FeeConfig::usd_per_million_output, Type::number().ge(0).le(1e9)).def(2.0).unit("USD")
      .doc("List price per million output tokens.");
  fees.field("cap_opg", &FeeConfig::cap_opg, Type::number().gt(0).le(kMaxOpg)).def(0.1).unit("OPG")
      .doc("Per-request cap on the charge (x402 upto, notes §1.2).");
  fees.object("surcharge_usd", &FeeConfig::surcharge_usd, surcharge).def(json::object()).doc("Verification surcharges.");
  fees.field("pay_base_fee", &FeeConfig::pay_base_fee, Type::boolean()).def(false)
      .doc("Add the request's share of its settlement transaction's EIP-1559 base fee (burned).");
  fees.object("shares", &FeeConfig::shares, shares).def(json::object()).doc("Fee split.");

  // economy.payments: a family ({"type": ...}); settlement keeps the first model's timing.
  using economy::PaymentsConfig;
  using economy::X402Config;
  const auto x402 = [](auto X402Config::*m) { return member(&PaymentsConfig::x402, m); };
  config::Family<PaymentsConfig, PaymentsConfig::Type> payments(
      "When and how users pay (models/economy/x402_payments.hpp).", &PaymentsConfig::type);
  payments.type("settlement",
                "The fee moves when the request settles on the OpenGradient chain (or completes, without validators): "
                "operators wait for settlement to be paid.",
                PaymentsConfig::Type::Settlement);
  auto& x = payments.type(
      "x402",
      "OpenGradient's flow (notes §1.2 items 2-5): the request carries an x402 payment authorization; the gateway "
      "checks it through the facilitator before routing and refuses the request (rejected) when the payer's balance "
      "cannot cover precheck_opg or the payment chain is down (faults payment_chain_down / payment_chain_up). The "
      "charge is computed when the answer comes back, from its actual tokens and the price then (fees, capped at "
      "cap_opg: x402 upto), and a facilitator settles it in the next block of the payment chain; the fee's shares are "
      "paid when that block lands, whatever the settlement chain does (shares of roles that have not served the "
      "request yet go to the treasury). Charges computed during an outage wait and land in the first block after it. "
      "The settlement chain's base fee (pay_base_fee) is still paid at settlement.",
      PaymentsConfig::Type::X402);
  x.field("block_time_s", x402(&X402Config::block_time_s), Type::number().ge(0.001).le(3600)).def(2.0).unit("s")
      .doc("The payment chain's block time (Base: 2 s; 0.2 s with Flashblocks / Denim, notes §1.6).");
  x.field("precheck_opg", x402(&X402Config::precheck_opg), Type::number().ge(0).le(1e6)).def(0.0001).unit("OPG")
      .doc("The handshake's static pre-check: the payer's spendable balance must cover it (tee-gateway: 1e14 wei, "
           "notes §1.2 item 5). Spendable: its balance plus what it can buy (the treasury's, or any with the amm "
           "market).");
  x.choice("charge_on", x402(&X402Config::charge_on), kChargeOn).def("delivered")
      .doc("The refund rule. delivered: charged only when the answer reached the user before its timeout; the "
           "authorization of a timed-out, failed or rejected request lapses unused. inferred: charged whenever "
           "inference ran and answered, even late (assumption: x402 upto settles what was served).");
  x.field("max_per_block", x402(&X402Config::max_per_block), Type::integer().ge(0).le(100000000)).def(0)
      .doc("Charges one payment-chain block settles, oldest first (0: unlimited; Base is far from full at these "
           "rates).");

  Bind<EmissionConfig> em("Staking rewards paid each epoch (from the staking-rewards bucket, or minted), by work "
                          "(fees earned) and by stake.");
  em.choice("source", &EmissionConfig::source, kEmissionSources).def("bucket")
      .doc("bucket: paid out of the allocation's staking_rewards bucket, at most what it has unlocked, never minted; "
           "rewards stop when it is empty (notes §2: no minting). mint: minted (supply grows; the bucket stays "
           "untouched).");
  em.choice("type", &EmissionConfig::type, kEmissionCurves).def("linear")
      .doc("linear: total_opg evenly over period_s (OPG: 100M over 96 months, notes §2); inverse_sqrt: annual yield "
           "k / sqrt(total stake in OPG) (Ethereum-like, notes §3h).");
  em.field("total_opg", &EmissionConfig::total_opg, Type::number().ge(0).le(kMaxOpg)).def(100e6).unit("OPG")
      .doc("linear: the rewards bucket.");
  em.field("period_s", &EmissionConfig::period_s, Type::number().ge(kMinPeriodS).le(kMaxDurationS)).def(96 * 2629746.0)
      .unit("s").doc("linear: over this long (96 months).");
  em.field("k", &EmissionConfig::k, Type::number().ge(0).le(1e9)).def(166.0)
      .doc("inverse_sqrt: the yield constant (166: Ethereum's, in its units).");
  em.field("work_share", &EmissionConfig::work_share, Type::number().ge(0).le(1)).def(0.5)
      .doc("Share paid pro rata to fees earned in the epoch; the rest pro rata to stake (assumption).");
  em.choice("without_fees", &EmissionConfig::without_fees, kWithoutFees).def("stake")
      .doc("An epoch in which no staker earned a fee (no traffic, a payment outage): stake, its work share is paid "
           "by stake too, so the whole emission goes out as a pure staking reward would; unpaid, the work share is "
           "not paid (it stays in the staking-rewards bucket, or is not minted) and the schedule moves on (the rule "
           "before; it halves the stakers' income in idle epochs).");

  using economy::BucketConfig;
  using economy::VestingSchedule;
  Bind<VestingSchedule> vest("An unlock schedule, from TGE (t = 0): a share at TGE, a cliff, then linear months "
                             "(a month is 365.2425 / 12 days; models/economy/vesting.hpp).");
  vest.field("tge_share", &VestingSchedule::tge_share, Type::number().ge(0).le(1)).def(0.0)
      .doc("Share of the bucket unlocked at TGE.");
  vest.field("cliff_months", &VestingSchedule::cliff_months, Type::number().ge(0).le(1200)).def(0.0).unit("months")
      .doc("Nothing more unlocks before this.");
  vest.field("linear_months", &VestingSchedule::linear_months, Type::number().ge(0).le(1200)).def(0.0).unit("months")
      .doc("Then the rest unlocks linearly over this long (0: all at the cliff).");
  Bind<BucketConfig> bucket("One allocation bucket.");
  bucket.field("name", &BucketConfig::name, Type::string().non_empty()).doc("Unique name.");
  bucket.field("share", &BucketConfig::share, Type::number().ge(0).le(1)).doc("Fraction of the supply (all sum to 1).");
  bucket.object("schedule", &BucketConfig::schedule, vest).def(json::object()).doc("Unlock schedule.");
  bucket.choice("purpose", &BucketConfig::purpose, kBucketPurposes).def("holders")
      .doc("ecosystem: what unlocks goes to the treasury (it funds genesis stakes and sells users tokens); "
           "staking_rewards: pays the staking rewards (at most one); liquidity: the market pool's (at most one); "
           "holders: held, the source of delegated stake.");
  bucket.field("source", &BucketConfig::source, Type::string()).def("assumption")
      .doc("Where the numbers come from (notes section, [P] published or ⚠[S] secondary posts).");

  Bind<EconomySpec> deleg("Holders' stake delegated to the staking nodes (every node of a role with a stake), moving "
                          "toward higher yield (models/economy/delegation.hpp).");
  deleg.field("initial_opg", &EconomySpec::delegated_opg, Type::number().ge(0).le(kMaxOpg)).def(80e6).unit("OPG")
      .doc("Delegated at genesis, evenly over the nodes staked then, from the holder buckets' unlocked tokens (less "
           "if they hold less). Assumption: 80M, about 42 % of the ~190M OPG circulating at TGE (notes §2), between "
           "Ethereum's ~28 % and Cosmos Hub's ~60 % staking ratio; with the 12.5M OPG/yr emission the yield is "
           "about 15 %/yr.");
  deleg.field("commission", &EconomySpec::delegation_commission, Type::number().ge(0).le(1)).def(0.05)
      .doc("Share of its delegators' rewards a node keeps (assumption: Cosmos Hub's 5 % minimum commission).");
  deleg.field("mobility_per_day", member(&EconomySpec::delegation, &economy::DelegationConfig::mobility_per_day),
              Type::number().ge(0).le(1)).def(0.1)
      .doc("Share of the relative yield gap delegators close per day: stake below the mean yield moves to nodes "
           "above it (assumption, sweep it).");

  Bind<DowntimeConfig> down("Validator downtime (Cosmos SDK slashing defaults, notes §3h).");
  down.field("window_blocks", &DowntimeConfig::window_blocks, Type::integer().ge(1).le(100000)).def(100)
      .doc("Signed-blocks window.");
  down.field("min_signed", &DowntimeConfig::min_signed, Type::number().ge(0).le(1)).def(0.5)
      .doc("Least share of the window a validator must sign.");
  down.field("slash_fraction", &DowntimeConfig::slash_fraction, Type::number().ge(0).le(1)).def(0.01)
      .doc("Stake slashed when it falls below.");
  down.field("jail_s", &DowntimeConfig::jail_s, Type::number().ge(0).le(kMaxDurationS)).def(600.0).unit("s")
      .doc("It does not vote for this long.");

  // economy.operators: OperatorConfig's fields, and initially_active, which is EconomySpec's.
  const auto op = [](auto OperatorConfig::*m) { return member(&EconomySpec::operators, m); };
  Bind<EconomySpec> ops("Inference operators: they leave when unprofitable and join when it pays (one operator per inference node).");
  ops.field("gpu_cost_usd_per_hour", op(&OperatorConfig::gpu_cost_usd_per_hour), Type::number().ge(0).le(1e9)).def(2.0)
      .unit("USD/h").doc("Hardware cost per GPU (H100 rental, assumption).");
  ops.field("cost_spread", op(&OperatorConfig::cost_spread), Type::number().ge(0).le(3)).def(0.3)
      .doc("Operators' costs differ: each pays gpu_cost x a lognormal multiplier of mean 1 and this sigma (assumption: "
           "0.3, about +-30 %; 0 makes all equal, and then they all leave in the same epoch).");
  ops.field("profit_threshold_usd_per_hour", op(&OperatorConfig::profit_threshold_usd_per_hour),
            Type::number().ge(-1e9).le(1e9)).def(0.0).unit("USD/h")
      .doc("Below this profit per node-hour an epoch counts as unprofitable.");
  ops.field("patience_epochs", op(&OperatorConfig::patience_epochs), Type::integer().ge(1).le(1000000)).def(3)
      .doc("Unprofitable epochs in a row before an operator leaves.");
  ops.field("join_threshold_usd_per_hour", op(&OperatorConfig::join_threshold_usd_per_hour),
            Type::number().ge(-1e9).le(1e9)).def(1.0).unit("USD/h")
      .doc("New operators join while active operators' mean profit per node-hour is above this.");
  ops.field("max_joins_per_epoch", op(&OperatorConfig::max_joins_per_epoch), Type::integer().ge(0).le(kMaxNodesPerRole))
      .def(1).doc("Most operators that decide to join in one epoch.");
  ops.field("provisioning_s", op(&OperatorConfig::provisioning_s), Type::number().ge(0).le(kMaxDurationS)).def(600.0)
      .unit("s").doc("A joining operator's node comes online this much later.");
  ops.field("min_active", op(&OperatorConfig::min_active), Type::integer().ge(0).le(kMaxNodesPerRole)).def(1)
      .doc("Never fewer active operators than this.");
  using economy::OperatorDecision;
  const auto decision = operator_decisions();
  ops.object("decision", op(&OperatorConfig::decision), decision)
      .def(json{{"type", "synchronous"}})
      .doc("The leave rule: synchronous (the default, as before) or staggered (assumption: sweep it).");
  ops.field("initially_active", &EconomySpec::initially_active, Type::integer().ge(0).le(kMaxNodesPerRole).nullable())
      .def(nullptr)
      .doc("Operators active at t = 0 (the other inference nodes are candidates to join); null means all.");

  Bind<UserWave> wave("Users arriving spread evenly over [start_s, start_s + duration_s).");
  wave.field("start_s", &UserWave::start_s, Type::number().ge(0).le(kMaxDurationS)).unit("s").doc("Start.");
  wave.field("duration_s", &UserWave::duration_s, Type::number().ge(0).le(kMaxDurationS)).unit("s")
      .doc("Length (0: all at start_s).");
  wave.field("users", &UserWave::users, Type::integer().ge(0).le(kMaxUsers)).doc("How many.");
  // economy.users: UserConfig's fields, and budget_opg, which is EconomySpec's.
  const auto user = [](auto UserConfig::*m) { return member(&EconomySpec::users, m); };
  Bind<EconomySpec> users("Users in cohorts: each epoch a cohort comes back with a probability set by what it saw.");
  users.field("initial_users", user(&UserConfig::initial_users), Type::integer().ge(0).le(kMaxUsers)).def(1000)
      .doc("Users active at t = 0 (cohort 0).");
  users.objects("waves", user(&UserConfig::waves), wave).max_size(kMaxListItems).def(json::array())
      .doc("New users over time (growth, hype).");
  users.field("requests_per_user_per_s", user(&UserConfig::requests_per_user_per_s), Type::number().ge(0).le(kMaxRateRps))
      .def(0.01).unit("1/s").doc("Each active user's request rate.");
  users.field("tolerance_latency_s", user(&UserConfig::tolerance_latency_s), Type::number().gt(0).le(kMaxDurationS))
      .def(10.0).unit("s").doc("A request slower than this disappoints.");
  users.field("return_probability", user(&UserConfig::return_probability), Type::number().ge(0).le(1)).def(0.98)
      .doc("The old per-epoch rule, for a cohort that saw nothing wrong (so churn depends on epoch_s: 0.995 per "
           "60 s epoch loses 26 % an hour). Used only when written (a file or --set) without retention_per_day "
           "(which is then 0), or with retention_per_day 0; written with retention_per_day > 0 it is an error.");
  users.field("retention_per_day", user(&UserConfig::retention_per_day), Type::number().ge(0).le(1)).def(0.981)
      .unit("fraction per day")
      .doc("Share of active users still active a day later with perfect service, whatever epoch_s (per epoch: "
           "this^(epoch_s / 86400), times the quality multipliers). 0: off, return_probability applies. Default "
           "0.981: 0.981^30 = 56 % left after 30 days, ChatGPT's one-month retention in Sequoia's analysis as a "
           "secondary summary gives it (source in scenarios/README.md; an assumption until the report is pinned, "
           "sweep it).");
  users.field("comeback_per_day", user(&UserConfig::comeback_per_day), Type::number().ge(0).le(1)).def(0.0)
      .unit("fraction per day")
      .doc("Only with retention_per_day > 0: each user who left comes back with probability this x quality a "
           "day (quality: the population's multiplier over the epoch).");
  users.field("word_of_mouth_per_day", user(&UserConfig::word_of_mouth_per_day), Type::number().ge(0).le(10))
      .def(0.0).unit("1/day")
      .doc("Only with retention_per_day > 0: new users a day per active user, x quality; one new cohort an "
           "epoch, fractions carried over.");
  using economy::DemandConfig;
  Bind<DemandConfig> demand("The request rate's response to the fee and to quality: rate x (USD price of the reference "
                            "request / reference_usd_per_request)^-elasticity x quality^quality_exponent, each epoch.");
  demand.field("elasticity", &DemandConfig::elasticity, Type::number().ge(0).le(10)).def(0.0)
      .doc("Constant price elasticity of the request rate. 0: off. No published value for decentralized inference: "
           "an assumption to sweep, recommended 0.5 (short-run cloud-computing elasticities are below 1).");
  demand.field("reference_usd_per_request", &DemandConfig::reference_usd_per_request, Type::number().gt(0).le(1e6))
      .def(0.00065).unit("USD")
      .doc("The price at which users send requests_per_user_per_s (1,000 in + 200 out tokens at GPT-5-mini's list "
           "price, notes §1.6).");
  demand.field("reference_prompt_tokens", &DemandConfig::reference_prompt_tokens, Type::integer().ge(0).le(100000000))
      .def(1000).doc("The reference request priced with economy.fees at the current token price (the cap applies).");
  demand.field("reference_output_tokens", &DemandConfig::reference_output_tokens, Type::integer().ge(0).le(100000000))
      .def(200).doc("Its output tokens.");
  demand.field("quality_exponent", &DemandConfig::quality_exponent, Type::number().ge(0).le(100)).def(0.0)
      .doc("The rate x quality^this, quality the population's multiplier over the last epoch (failure_weight, "
           "slow_weight). 0: off (assumption).");
  users.object("demand", user(&UserConfig::demand), demand).def(json::object())
      .doc("Fee-elastic, quality-elastic demand (off by default).");
  users.field("failure_weight", user(&UserConfig::failure_weight), Type::number().ge(0).le(1e6)).def(1.0)
      .doc("Retention x (1 - failure_weight x share of its requests that failed).");
  users.field("slow_weight", user(&UserConfig::slow_weight), Type::number().ge(0).le(1e6)).def(1.0)
      .doc("Retention x (1 - slow_weight x share that were slower than the tolerance).");
  users.field("budget_opg", &EconomySpec::user_budget_opg, Type::number().ge(0).le(kMaxOpg)).def(100.0).unit("OPG")
      .doc("Tokens each new user buys from the treasury (they top up from it when short).");

  Bind<EconomySpec> e("The token economy: ledger, fees, rewards, staking and slashing, operators and users who react "
                      "(models/economy). Off by default.");
  e.field("enabled", &EconomySpec::enabled, Type::boolean()).def(false).doc("Run the economy (writes ledger.csv).");
  e.field("epoch_s", &EconomySpec::epoch_s, Type::number().ge(kMinPeriodS)).def(60.0).unit("s")
      .doc("Epoch length: rewards, decisions and a ledger.csv row.");
  e.field("initial_supply_opg", &EconomySpec::initial_supply_opg, Type::number().gt(0).le(kMaxOpg)).def(1e9).unit("OPG")
      .doc("The fixed total supply (notes §2: 1B), split into the allocation's buckets at genesis.");
  e.objects("allocation", &EconomySpec::allocation, bucket).max_size(kMaxListItems).def(default_allocation())
      .doc("The supply's buckets with their unlock schedules; default the published OPG allocation (notes §2, every "
           "row ⚠[S]: ecosystem 40 %, foundation 15 %, contributors 15 %, investors 10 %, staking rewards 10 % over "
           "96 months, liquidity 6 %, airdrop 4 %). Empty: the whole supply stays in the treasury.");
  e.field("unbonding_s", &EconomySpec::unbonding_s, Type::number().ge(0).le(kMaxDurationS)).def(21 * 86400.0).unit("s")
      .doc("Unstaked tokens come back after this (Cosmos default, unconfirmed for OPG).");
  e.object("price", &EconomySpec::price, price).def(json::object()).doc("Token price.");
  e.object("fees", &EconomySpec::fees, fees).def(json::object()).doc("Fees.");
  e.object("payments", &EconomySpec::payments, payments).def(json{{"type", "x402"}})
      .doc("When users pay: x402 (the default: OpenGradient's flow, notes §1.2, at request time on a payment chain) or "
           "settlement (the first model: fees move at settlement).");
  e.object("emissions", &EconomySpec::emissions, em).def(json::object()).doc("Emissions.");
  // Each role's stake is declared by its registry entry (RoleEconomy), in registry order.
  for (const NodeRole& role : node_roles()) {
    const RoleEconomy& re = role.economy;
    if (re.stake_key.empty()) continue;
    e.field(std::string(re.stake_key), config::MemberRef<EconomySpec, double>([k = role.index()](EconomySpec& spec) -> double& { return spec.stake_opg[k]; }),
            Type::number().ge(0).le(kMaxOpg))
        .def(re.stake_default_opg).unit("OPG").doc(std::string(re.stake_doc));
  }
  e.section("delegation", deleg).def(json::object()).doc("Delegated stake.");
  e.field("min_stake_opg", &EconomySpec::min_stake_opg, Type::number().ge(0).le(kMaxOpg)).def(5000.0).unit("OPG")
      .doc("An operator slashed below this leaves at once (its in-flight work fails as in a crash).");
  e.field("slash_invalid_fraction", &EconomySpec::slash_invalid_fraction, Type::number().ge(0).le(1)).def(0.05)
      .doc("Stake slashed from an operator for each wrong result verification catches (notes §4: 5 %, sweep 1-100 %).");
  e.choice("slash_destination", &EconomySpec::slash_destination, kSlashDestinations).def("burn")
      .doc("Where slashed tokens go.");
  e.object("downtime", &EconomySpec::downtime, down).def(json::object()).doc("Validator liveness.");
  e.section("operators", ops).def(json::object()).doc("Operator behaviour.");
  // Every other role with operators: economy.roles.<role>, from its registry entry, in registry order.
  Bind<EconomySpec> roles("The operators of the other roles as agents (off by default).");
  for (const NodeRole& role : node_roles()) {
    if (role.routed || role.economy.stake_key.empty()) continue;
    roles.object(std::string(role.name),
                 config::MemberRef<EconomySpec, RoleOperatorsSpec>(
                     [k = role.index()](EconomySpec& spec) -> RoleOperatorsSpec& { return spec.roles[k]; }),
                 role_operators_binding(role))
        .def(json::object())
        .doc("The " + std::string(role.name) + " operators.");
  }
  e.section("roles", roles).def(json::object()).doc("Operators of the roles other than inference.");
  e.section("users", users).def(json::object()).doc("User behaviour (with workload.arrivals type users).");
  e.object("governance", &EconomySpec::governance, governance_binding()).def(json::object())
      .doc("Stake-weighted proposals that change the running economy's parameters (off by default).");
  e.object("fund", &EconomySpec::fund, fund_binding()).def(json::object())
      .doc("The ecosystem fund's grants and operator subsidies, paid from the treasury (off by default).");
  return e;
}

}  // namespace opgsim
