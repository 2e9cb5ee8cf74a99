// accounts.csv's and events.csv's column declarations (see accounts_columns.hpp). The order
// here is the files' column order.
#include "analysis/output/accounts_columns.hpp"

namespace opgsim::analysis::output {

namespace {
using A = AccountRow;
using E = EventRow;

constexpr AccountsTable::Column kAccountColumns[] = {
    {"t_end_s", "s", "end of the epoch (as ledger.csv's row)", Format::Shortest,
     [](const A& r) -> Value { return r.t_end_s; }},
    {"account", "name", "the account's name: `treasury`, `bucket[i]`, `operator[i]`, `delegator[k]`, `user[c]`, ...",
     Format::Text, [](const A& r) -> Value { return std::string_view(r.account); }},
    {"kind", "name", "user, operator, verifier, validator, prover, treasury, pool (the amm market's OPG reserve), bucket (an "
                 "allocation bucket), delegator (holders' stake delegated to one node), builder (app builders paid "
                 "grants, economy.fund), holder (unlocked holder tokens awaiting sale, unlock_sell_per_day) or x402_escrow (x402 fee "
                 "shares held for the verifier, validator or prover that serves the request later)",
     Format::Text, [](const A& r) -> Value { return std::string_view(r.kind); }},
    {"index", "count", "the account's index within its kind (node, bucket, cohort or delegation target)", Format::Integer,
     [](const A& r) -> Value { return r.index; }},
    {"label", "name", "a bucket's name; the node a delegator account stakes on; else empty", Format::Text,
     [](const A& r) -> Value { return std::string_view(r.label); }},
    {"balance_units", "base units", "liquid tokens", Format::Integer, [](const A& r) -> Value { return r.balance_units; }},
    {"staked_units", "base units", "staked tokens", Format::Integer, [](const A& r) -> Value { return r.staked_units; }},
    {"unbonding_units", "base units", "unstaked tokens waiting for `unbonding_s`", Format::Integer,
     [](const A& r) -> Value { return r.unbonding_units; }},
};

constexpr EventsTable::Column kEventColumns[] = {
    {"t_s", "s", "when", Format::Shortest, [](const E& r) -> Value { return r.t_s; }},
    {"kind", "name",
     "`slash_invalid` (a caught wrong result), `slash_downtime` (a validator jailed), `forced_out` (an operator "
     "slashed below `min_stake_opg` left at once; another role's node below economy.roles.<role>.min_stake_opg, "
     "details role=), `operator_left`, `operator_joined`, `rewards_bucket_empty` (the "
     "staking-rewards bucket paid its last unit), `bucket_unlocked` (a bucket finished unlocking), "
     "`delegation_moved` (delegators moved stake toward higher yield in the epoch); with economy.governance: "
     "`proposal_submitted`, `vote_cast` (a user policy's vote, python/README.md), `vote_tally`, `proposal_passed`, `proposal_rejected`, `proposal_executed`, "
     "`proposal_open_at_end` (its voting period had not ended when the run stopped: never executed); with "
     "economy.fund: `grant_paid`, `grant_users_arrived`, `subsidy_paid` (one row per epoch: the total to active "
     "operators); with unlock_sell_per_day: `unlock_sold`; with x402 payments: `payment_chain_down` / "
     "`payment_chain_up` (an outage starts / ends; amount: the charges waiting then)",
     Format::Text, [](const E& r) -> Value { return std::string_view(r.kind); }},
    {"account", "name", "the account concerned (as in accounts.csv), or empty", Format::Text,
     [](const E& r) -> Value { return std::string_view(r.account); }},
    {"amount_units", "base units", "the amount slashed, staked, unlocked or moved (0 if none)", Format::Integer,
     [](const E& r) -> Value { return r.amount_units; }},
    {"details", "text", "a few words, `key=value` separated by spaces", Format::Text,
     [](const E& r) -> Value { return std::string_view(r.details); }},
};

constexpr AccountsTable kAccounts{kAccountColumns};
constexpr EventsTable kEvents{kEventColumns};
}  // namespace

const AccountsTable& accounts_table() { return kAccounts; }
const EventsTable& events_table() { return kEvents; }

}  // namespace opgsim::analysis::output
