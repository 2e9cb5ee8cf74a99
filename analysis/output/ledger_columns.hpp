// ledger.csv declared: one row per economy epoch (plus the drain), its columns declared once
// (name, unit, doc, value). The economy writes its rows through it and results/README.md
// documents it from it. Amounts are integer base units (1 OPG = 10^9), printed exactly. No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/output/csv_table.hpp"

namespace opgsim::analysis::output {

// What one row of ledger.csv is printed from; *_units are OPG base units.
struct LedgerRow {
  double t_end_s = 0;
  double token_price_usd = 0;
  std::int64_t supply_units = 0, staked_units = 0, unbonding_units = 0, treasury_units = 0;
  std::int64_t minted_units = 0, burned_units = 0;
  std::int64_t fees_units = 0, rewards_units = 0, slashed_units = 0;  // in the epoch
  double staking_yield_annual = 0;
  std::uint64_t operators_active = 0, operators_joining = 0, operators_left = 0, operators_joined = 0;
  std::uint64_t validators_jailed = 0;
  std::uint64_t active_users = 0, cohorts = 0;
  double request_rate_rps = 0;
  double mean_operator_profit_usd = 0;
  // The amm market (economy.price.market.type amm): the pool at the epoch's end and the epoch's swaps.
  std::int64_t pool_opg_units = 0, bought_units = 0, sold_units = 0;
  double pool_usd = 0;
  std::int64_t delegated_units = 0, rewards_bucket_units = 0, locked_units = 0;
  // Governance (economy.governance): the parameters in force at the epoch's end.
  double fee_multiplier = 1, reward_multiplier = 1, slash_invalid_fraction = 0;
  // The ecosystem fund (economy.fund): the epoch's spending and the users grants brought.
  std::int64_t subsidies_units = 0, grants_units = 0;
  std::uint64_t grant_users = 0;
  std::int64_t unlock_sold_units = 0;  // holders' unlocked tokens sold to the pool (unlock_sell_per_day)
  // x402 payments (economy.payments.type x402): charges settled in the epoch, waiting at its end,
  // handshakes refused in it.
  std::int64_t payments_units = 0, payments_pending_units = 0;
  std::uint64_t payments_rejected = 0;
  // Active operators of each role in LedgerContext::deciding_roles, in that order.
  std::vector<std::uint64_t> role_operators_active;
};

struct LedgerContext {
  bool amm = false;   // the amm market's columns are present
  bool x402 = false;  // the x402 payments' columns are present
  bool governance = false, fund = false, unlock_sell = false;  // those families' columns are present
  // The roles whose operators are agents (economy.roles.<role>.decide on), in registry order:
  // each adds the column `<role>_operators_active` after the declared ones (kRoleOperatorsColumn).
  std::vector<std::string> deciding_roles;
};

using LedgerTable = CsvTable<LedgerRow, LedgerContext>;
const LedgerTable& ledger_table();

// ledger.csv's header and rows: the table's columns, then one per deciding role.
std::string ledger_header(const LedgerContext& c);
void append_ledger_row(std::string& out, const LedgerRow& row, const LedgerContext& c);
// The reference (results/README.md): the table's columns and the per-role column.
std::string ledger_markdown();

}  // namespace opgsim::analysis::output
