// accounts.csv and events.csv declared (economy only). accounts.csv: at every epoch end, one row
// per ledger account (the treasury, each allocation bucket, each staking node, the stake
// delegated to each, each user cohort), so conservation can be checked from outside: at each
// t_end_s the rows' balance + staked + unbonding sum to ledger.csv's supply_units. events.csv:
// what happened to stakes and buckets, one row per event (time, kind, details). Amounts are
// integer base units (1 OPG = 10^9). No SimGrid.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/output/csv_table.hpp"

namespace opgsim::analysis::output {

struct AccountRow {
  double t_end_s = 0;
  std::string account;  // "treasury", "bucket[2]", "operator[3]", "delegator[0]", "user[4]"
  std::string kind;     // user, operator, verifier, validator, treasury, prover, bucket, delegator
  std::uint64_t index = 0;
  std::string label;    // the bucket's name, or the node a delegator account stakes on; else ""
  std::int64_t balance_units = 0, staked_units = 0, unbonding_units = 0;
};

struct EventRow {
  double t_s = 0;
  std::string kind;
  std::string account;
  std::int64_t amount_units = 0;
  std::string details;
};

struct AccountsContext {};  // every column is always present

using AccountsTable = CsvTable<AccountRow, AccountsContext>;
using EventsTable = CsvTable<EventRow, AccountsContext>;
const AccountsTable& accounts_table();
const EventsTable& events_table();

}  // namespace opgsim::analysis::output
