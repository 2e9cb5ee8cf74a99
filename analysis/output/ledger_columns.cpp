// ledger.csv's column declarations (see ledger_columns.hpp). The order here is the file's
// column order. Token amounts are integers of base units (1 OPG = 10^9 units), exact, so that
// conservation can be checked from outside (pandas reads them as int64); divide by 1e9 for OPG.
#include "analysis/output/ledger_columns.hpp"

#include <fmt/format.h>

namespace opgsim::analysis::output {

namespace {
using Row = LedgerRow;
using Col = LedgerTable::Column;
bool amm_only(const LedgerContext& c) { return c.amm; }
constexpr std::string_view kAmmWhen = "`economy.price.market.type` amm only";
bool governance_only(const LedgerContext& c) { return c.governance; }
constexpr std::string_view kGovWhen = "`economy.governance.enabled` only";
bool fund_only(const LedgerContext& c) { return c.fund; }
constexpr std::string_view kFundWhen = "`economy.fund.enabled` or `economy.governance.enabled` only";
bool unlock_sell_only(const LedgerContext& c) { return c.unlock_sell; }
constexpr std::string_view kSellWhen = "`economy.price.market.unlock_sell_per_day` > 0 only";
bool x402_only(const LedgerContext& c) { return c.x402; }
constexpr std::string_view kX402When = "`economy.payments.type` x402 only";

constexpr Col kColumns[] = {
    {"t_end_s", "s", "end of the epoch", Format::Shortest, [](const Row& r) -> Value { return r.t_end_s; }},
    {"token_price_usd", "USD", "OPG price at the epoch's end (`economy.price`)", Format::Shortest,
     [](const Row& r) -> Value { return r.token_price_usd; }},
    {"supply_units", "base units", "initial supply + minted − burned (total; constant but for burns when rewards come from the bucket)", Format::Integer,
     [](const Row& r) -> Value { return r.supply_units; }},
    {"staked_units", "base units", "tokens staked by all accounts", Format::Integer,
     [](const Row& r) -> Value { return r.staked_units; }},
    {"unbonding_units", "base units", "unstaked tokens waiting for `unbonding_s`", Format::Integer,
     [](const Row& r) -> Value { return r.unbonding_units; }},
    {"treasury_units", "base units",
     "the treasury's balance (genesis supply not handed out, fee and slash shares, what users bought)",
     Format::Integer, [](const Row& r) -> Value { return r.treasury_units; }},
    {"minted_units", "base units", "total minted", Format::Integer,
     [](const Row& r) -> Value { return r.minted_units; }},
    {"burned_units", "base units", "total burned (fee burn share, base fees, slashes sent to burn)", Format::Integer,
     [](const Row& r) -> Value { return r.burned_units; }},
    {"fees_units", "base units", "fees paid in the epoch", Format::Integer, [](const Row& r) -> Value { return r.fees_units; }},
    {"rewards_units", "base units",
     "staking rewards paid in the epoch (from the staking-rewards bucket, or minted with `economy.emissions.source` "
     "mint)",
     Format::Integer,
     [](const Row& r) -> Value { return r.rewards_units; }},
    {"slashed_units", "base units", "stake slashed in the epoch", Format::Integer,
     [](const Row& r) -> Value { return r.slashed_units; }},
    {"staking_yield_annual", "fraction", "rewards_units / staked_units × year / epoch length", Format::Shortest,
     [](const Row& r) -> Value { return r.staking_yield_annual; }},
    {"operators_active", "count", "inference operators in the network",
     Format::Integer, [](const Row& r) -> Value { return r.operators_active; }},
    {"operators_joining", "count", "operators that decided to join and are still provisioning",
     Format::Integer, [](const Row& r) -> Value { return r.operators_joining; }},
    {"operators_left", "count", "operators that left, total so far", Format::Integer,
     [](const Row& r) -> Value { return r.operators_left; }},
    {"operators_joined", "count", "operators that joined, total so far", Format::Integer,
     [](const Row& r) -> Value { return r.operators_joined; }},
    {"validators_jailed", "count", "validators jailed for downtime at the epoch's end", Format::Integer,
     [](const Row& r) -> Value { return r.validators_jailed; }},
    {"active_users", "count", "users who came back this epoch (users arrivals only, else 0)",
     Format::Integer, [](const Row& r) -> Value { return r.active_users; }},
    {"cohorts", "count", "user cohorts so far (users arrivals only, else 0)",
     Format::Integer, [](const Row& r) -> Value { return r.cohorts; }},
    {"request_rate_rps", "1/s", "the users' request rate for the next epoch: active users × requests_per_user_per_s",
     Format::Shortest, [](const Row& r) -> Value { return r.request_rate_rps; }},
    {"mean_operator_profit_usd", "USD",
     "mean over operators active in the epoch of (fees + rewards earned) × price − GPU cost × GPUs × epoch hours × "
     "their cost multiplier",
     Format::Shortest, [](const Row& r) -> Value { return r.mean_operator_profit_usd; }},
    {"delegated_units", "base units", "holders' stake delegated to the staking nodes (part of `staked_units`)",
     Format::Integer, [](const Row& r) -> Value { return r.delegated_units; }},
    {"rewards_bucket_units", "base units",
     "what the staking-rewards bucket still holds (locked or unlocked and unpaid); rewards stop at 0", Format::Integer,
     [](const Row& r) -> Value { return r.rewards_bucket_units; }},
    {"locked_units", "base units", "tokens of all allocation buckets not yet unlocked by their schedules",
     Format::Integer, [](const Row& r) -> Value { return r.locked_units; }},
    {"pool_opg_units", "base units", "the amm pool's OPG reserve (a ledger account) at the epoch's end", Format::Integer,
     [](const Row& r) -> Value { return r.pool_opg_units; }, amm_only, kAmmWhen},
    {"pool_usd", "USD", "the amm pool's USD reserve at the epoch's end", Format::Shortest,
     [](const Row& r) -> Value { return r.pool_usd; }, amm_only, kAmmWhen},
    {"bought_units", "base units", "OPG bought from the pool in the epoch (users' fees and budgets, buybacks)",
     Format::Integer, [](const Row& r) -> Value { return r.bought_units; }, amm_only, kAmmWhen},
    {"sold_units", "base units", "OPG sold to the pool in the epoch (operators covering their costs)", Format::Integer,
     [](const Row& r) -> Value { return r.sold_units; }, amm_only, kAmmWhen},
    {"unlock_sold_units", "base units", "holders' unlocked tokens sold to the pool in the epoch", Format::Integer,
     [](const Row& r) -> Value { return r.unlock_sold_units; }, unlock_sell_only, kSellWhen},
    {"fee_multiplier", "factor", "the fees in force as a multiple of `economy.fees`' USD prices (governance sets it)",
     Format::Shortest, [](const Row& r) -> Value { return r.fee_multiplier; }, governance_only, kGovWhen},
    {"reward_multiplier", "factor", "the staking-reward multiplier in force (governance sets it)", Format::Shortest,
     [](const Row& r) -> Value { return r.reward_multiplier; }, governance_only, kGovWhen},
    {"slash_invalid_fraction", "fraction", "the invalid-result slash fraction in force (governance sets it)",
     Format::Shortest, [](const Row& r) -> Value { return r.slash_invalid_fraction; }, governance_only, kGovWhen},
    {"subsidies_units", "base units", "operator subsidies paid from the treasury in the epoch", Format::Integer,
     [](const Row& r) -> Value { return r.subsidies_units; }, fund_only, kFundWhen},
    {"grants_units", "base units", "grants paid from the treasury to app builders in the epoch", Format::Integer,
     [](const Row& r) -> Value { return r.grants_units; }, fund_only, kFundWhen},
    {"grant_users", "count", "users the grants brought in the epoch (a new cohort)", Format::Integer,
     [](const Row& r) -> Value { return r.grant_users; }, fund_only, kFundWhen},
    {"payments_units", "base units",
     "x402 charges settled by payment-chain blocks in the epoch (paid; part of `fees_units`)", Format::Integer,
     [](const Row& r) -> Value { return r.payments_units; }, x402_only, kX402When},
    {"payments_pending_units", "base units",
     "x402 charges computed but not yet in a payment-chain block at the epoch's end (an outage holds them)",
     Format::Integer, [](const Row& r) -> Value { return r.payments_pending_units; }, x402_only, kX402When},
    {"payments_rejected", "count",
     "requests the gateway refused in the epoch because their x402 handshake failed (payer short of the "
     "pre-check, or the payment chain down)",
     Format::Integer, [](const Row& r) -> Value { return r.payments_rejected; }, x402_only, kX402When},
};

constexpr LedgerTable kTable{kColumns};

// The per-role column, declared once: `<role>_operators_active` for each deciding role.
constexpr DocRow kRoleOperators{"<role>_operators_active", "count",
                                "active operators of the role at the epoch's end (`economy.roles.<role>`; inference's "
                                "are `operators_active`)",
                                "roles with `economy.roles.<role>.decide` only, in registry order after the others"};
}  // namespace

const LedgerTable& ledger_table() { return kTable; }

std::string ledger_header(const LedgerContext& c) {
  std::string out = kTable.header(c);
  out.pop_back();
  for (const std::string& role : c.deciding_roles) out += fmt::format(",{}_operators_active", role);
  out += '\n';
  return out;
}

void append_ledger_row(std::string& out, const LedgerRow& row, const LedgerContext& c) {
  kTable.append_row(out, row, c);
  if (c.deciding_roles.empty()) return;
  out.pop_back();
  for (std::size_t k = 0; k < c.deciding_roles.size(); ++k) {
    out += ',';
    append_cell(out, Format::Integer, Value(row.role_operators_active.at(k)), kRoleOperators.name);
  }
  out += '\n';
}

std::string ledger_markdown() {
  std::vector<DocRow> rows;
  for (const LedgerTable::Column& col : kTable.columns()) rows.push_back({col.name, col.unit, col.doc, col.when});
  rows.push_back(kRoleOperators);
  return doc_table("column", rows);
}

}  // namespace opgsim::analysis::output
