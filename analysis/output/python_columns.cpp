// python/opgsim/columns.json from the output declarations (see python_columns.hpp).
#include "analysis/output/python_columns.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/output/accounts_columns.hpp"
#include "analysis/output/horizon_columns.hpp"
#include "analysis/output/ledger_columns.hpp"
#include "analysis/output/timeseries_columns.hpp"
#include "analysis/sensitivity/indices_columns.hpp"

namespace opgsim::analysis::output {

namespace {
const char* type_name(Format f) {
  switch (f) {
    case Format::Integer: return "int";
    case Format::Text: return "text";
    case Format::Shortest:
    case Format::Sig6: break;
  }
  return "float";
}

nlohmann::ordered_json column(std::string_view name, std::string_view unit, Format f) {
  return {{"name", name}, {"unit", unit}, {"type", type_name(f)}};
}

template <class Table>
nlohmann::ordered_json table_columns(const Table& t) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& c : t.columns()) out.push_back(column(c.name, c.unit, c.format));
  return out;
}
}  // namespace

std::string python_columns_json(std::span<const RoleSignals> roles) {
  std::vector<std::pair<std::string_view, nlohmann::ordered_json>> files;
  auto ts = table_columns(core_timeseries_table());
  for (const RoleSignals& r : roles)
    for (const SignalDecl& s : r.signals) ts.push_back(column(s.name, s.unit, s.format));
  files.emplace_back("timeseries.csv", ts);
  auto ledger = table_columns(ledger_table());
  // One column per deciding role, named after the role (ledger_columns.cpp's per-role column).
  ledger.push_back(column("<role>_operators_active", "count", Format::Integer));
  files.emplace_back("ledger.csv", ledger);
  files.emplace_back("accounts.csv", table_columns(accounts_table()));
  files.emplace_back("events.csv", table_columns(events_table()));
  files.emplace_back("indices.csv", table_columns(indices_columns()));
  // A long-horizon run's timeseries.csv has one row per period and columns of its own.
  files.emplace_back("horizon/timeseries.csv", table_columns(horizon_table()));
  // One column a line, so that a changed declaration is a one-line diff.
  std::string out = "{\n \"generated_from\": " +
                    nlohmann::json("analysis/output/*_columns.cpp, sim/roles/*/*_signal_decls.cpp and "
                                   "analysis/sensitivity/indices_columns.cpp by results/update-reference.sh: edit "
                                   "the declarations, not this file")
                        .dump() +
                    ",\n \"files\": {\n";
  for (std::size_t f = 0; f < files.size(); ++f) {
    out += "  " + nlohmann::json(files[f].first).dump() + ": [\n";
    const auto& cols = files[f].second;
    for (std::size_t c = 0; c < cols.size(); ++c)
      out += "   " + cols[c].dump() + (c + 1 < cols.size() ? ",\n" : "\n");
    out += f + 1 < files.size() ? "  ],\n" : "  ]\n";
  }
  return out + " }\n}\n";
}

}  // namespace opgsim::analysis::output
