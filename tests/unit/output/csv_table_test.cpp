// The declared-CSV facility: header and rows come from the declarations, conditional columns
// drop out of both, values print as declared, and the shipped tables are well formed.
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "analysis/output/csv_table.hpp"
#include "analysis/output/accounts_columns.hpp"
#include "analysis/output/ledger_columns.hpp"
#include "analysis/output/timeseries_columns.hpp"
#include "sim/roles/role_registry.hpp"

namespace {
using namespace opgsim::analysis::output;

struct Row {
  std::uint64_t n;
  double x;
  std::int64_t units;
};
struct Ctx {
  bool extra;
};
constexpr CsvColumn<Row, Ctx> kCols[] = {
    {"n", "count", "a count", Format::Integer, [](const Row& r) -> Value { return r.n; }},
    {"x", "s", "a time", Format::Sig6, [](const Row& r) -> Value { return r.x; }},
    {"x_full", "s", "a time", Format::Shortest, [](const Row& r) -> Value { return r.x; },
     [](const Ctx& c) { return c.extra; }, "with extra only"},
    {"amount", "base units", "an amount", Format::Integer, [](const Row& r) -> Value { return r.units; }},
};
constexpr CsvTable<Row, Ctx> kTable{kCols};

template <class Table>
void check_well_formed(const Table& t) {
  std::set<std::string_view> names;
  for (const auto& c : t.columns()) {
    CAPTURE(c.name);
    CHECK(names.insert(c.name).second);
    CHECK(!c.unit.empty());
    CHECK(!c.doc.empty());
    CHECK((c.value != nullptr));
    CHECK((c.present == nullptr) == c.when.empty());
  }
}
}  // namespace

TEST_CASE("a declared CSV table writes its header and rows from the declarations") {
  CHECK(kTable.header({false}) == "n,x,amount\n");
  CHECK(kTable.header({true}) == "n,x,x_full,amount\n");
  std::string out;
  kTable.append_row(out, {3, 1.0 / 3, -1'500'000'000}, {false});
  kTable.append_row(out, {0, 0.1, 7}, {true});
  CHECK(out == "3,0.333333,-1500000000\n0,0.1,0.1,7\n");
}

TEST_CASE("a value whose type does not match its declared format is a declaration error") {
  std::string out;
  CHECK_THROWS_AS(append_cell(out, Format::Integer, Value{1.5}, "c"), std::logic_error);
  CHECK_THROWS_AS(append_cell(out, Format::Sig6, Value{std::uint64_t{1}}, "c"), std::logic_error);
  CHECK_THROWS_AS(append_cell(out, Format::Text, Value{1.5}, "c"), std::logic_error);
  CHECK_THROWS_AS(append_cell(out, Format::Integer, Value{std::string("x")}, "c"), std::logic_error);
  append_cell(out, Format::Integer, Value{INT64_MIN}, "c");
  CHECK(out == "-9223372036854775808");
}

TEST_CASE("the column reference groups consecutive columns with the same doc and names conditions") {
  CHECK(kTable.markdown() ==
        "| column | unit | meaning |\n|---|---|---|\n"
        "| `n` | count | a count |\n"
        "| `x` | s | a time |\n"
        "| `x_full` | s | with extra only: a time |\n"
        "| `amount` | base units | an amount |\n");
}

TEST_CASE("timeseries.csv and ledger.csv declarations are well formed") {
  check_well_formed(core_timeseries_table());
  check_well_formed(ledger_table());
  check_well_formed(accounts_table());
  check_well_formed(events_table());
  // The router column is the only conditional core one (results/README.md says so).
  CHECK(core_timeseries_table().header({true}).find(",utilization_router") != std::string::npos);
  CHECK(core_timeseries_table().header({false}).find("utilization_router") == std::string::npos);
}

TEST_CASE("the timeseries declaration gives the sweep's per-window signals with their units") {
  std::string names;
  for (const auto& c : timeseries_signal_columns(opgsim::role_signals()))
    names += std::string(c.name) + ":" + std::string(c.unit) + " ";
  // The list sim/cli/sweep_collect.cpp used to spell out by hand (curve baselines depend on the
  // set; curve.csv sorts them), now in the role registry's order.
  CHECK(names ==
        "up_inference:count queue_length:count utilization_inference:fraction occupancy_inference:fraction "
        "preemptions:count verifier_backlog:count data_in_flight:count storage_in_flight:count "
        "storage_backlog:count settlement_pending:count ");
  std::size_t role_signals = 0;
  for (const auto& r : opgsim::role_signals()) role_signals += r.signals.size();
  CHECK(timeseries_numeric_columns(opgsim::role_signals()).size() ==
        core_timeseries_table().columns().size() + role_signals);
}

TEST_CASE("ledger.csv has one <role>_operators_active column per deciding role, after the declared ones") {
  LedgerContext plain;
  LedgerContext roles;
  roles.deciding_roles = {"verifier", "validator"};
  const std::string base = ledger_header(plain);
  CHECK(base == ledger_table().header(plain));
  CHECK(ledger_header(roles) == base.substr(0, base.size() - 1) + ",verifier_operators_active,validator_operators_active\n");
  LedgerRow row;
  row.role_operators_active = {3, 4};
  std::string without, with;
  append_ledger_row(without, row, plain);
  append_ledger_row(with, row, roles);
  CHECK(with == without.substr(0, without.size() - 1) + ",3,4\n");
  CHECK(ledger_markdown().find("| `<role>_operators_active` | count |") != std::string::npos);
}
