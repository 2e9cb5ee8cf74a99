// Generating results/README.md's reference sections from the output declarations (see
// results_reference.hpp).
#include "analysis/output/results_reference.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "analysis/economy_rules.hpp"
#include "analysis/output/accounts_columns.hpp"
#include "analysis/output/horizon_columns.hpp"
#include "analysis/output/ledger_columns.hpp"
#include "analysis/output/manifest_fields.hpp"
#include "analysis/output/summary_fields.hpp"
#include "analysis/output/timeseries_columns.hpp"
#include "analysis/sensitivity/indices_columns.hpp"

namespace opgsim::analysis::output {

namespace {
std::string preamble(std::string_view source) {
  return fmt::format("<!-- Generated from {} by results/update-reference.sh: edit the declarations, not this "
                     "table. -->\n",
                     source);
}

std::string signals_list(std::span<const RoleSignals> roles) {
  std::string out;
  for (const SignalColumn& c : timeseries_signal_columns(roles)) out += fmt::format("- `{}` ({})\n", c.name, c.unit);
  return out;
}

std::string number(double v) { return fmt::format("{}", v); }

std::string condition_text(const KneeCondition& c) {
  const char* op = c.cmp == Cmp::Gt ? ">" : c.cmp == Cmp::Ge ? ">=" : "<";
  if (c.first_factor == 0) return fmt::format("`{}` {} {}", c.path, op, number(c.offset));
  if (c.offset == 0) return fmt::format("`{}` {} {} x first", c.path, op, number(c.first_factor));
  return fmt::format("`{}` {} {} x first + {}", c.path, op, number(c.first_factor), number(c.offset));
}

// The knee rules, in the order ties are settled (analysis/knee.hpp).
std::string knee_rules(std::span<const RoleSignals> roles) {
  std::string out = "| resource | role | broken when |\n|---|---|---|\n";
  int max_order = 0;
  for (const RoleSignals& r : roles)
    for (const KneeRule& rule : r.knee_rules) max_order = std::max(max_order, rule.tie_order);
  for (int order = 0; order <= max_order; ++order)
    for (const RoleSignals& r : roles)
      for (const KneeRule& rule : r.knee_rules) {
        if (rule.tie_order != order) continue;
        std::string when;
        for (const auto& c : rule.conditions)
          if (c) when += (when.empty() ? "" : ", or ") + condition_text(*c);
        if (rule.background) when += " (not seen in latency or throughput: a knee by itself without --slo)";
        if (rule.capacity) when += " (capacity lost: blamed first on a tie when the load grew by at most 10 %)";
        out += fmt::format("| {} | {} | {} |\n", rule.resource, r.role, when);
      }
  return out;
}

std::string begin_marker(std::string_view name) { return fmt::format("<!-- BEGIN GENERATED {} -->\n", name); }
std::string end_marker(std::string_view name) { return fmt::format("<!-- END GENERATED {} -->", name); }
}  // namespace

std::vector<std::string_view> generated_section_names() {
  return {"manifest.json", "summary.json", "timeseries.csv", "ledger.csv", "accounts.csv", "events.csv", "timeseries.csv (long horizon)", "curve signals", "indices.csv", "knee rules"};
}

std::string generated_section(std::string_view name, std::span<const RoleSignals> roles) {
  if (name == "manifest.json")
    return preamble("analysis/output/manifest_fields.cpp") + manifest_fields().markdown();
  if (name == "summary.json") return preamble("analysis/output/summary_fields.cpp") + summary_fields().markdown();
  if (name == "timeseries.csv")
    return preamble("analysis/output/timeseries_columns.cpp and sim/roles/*/*_signal_decls.cpp") +
           timeseries_markdown(roles);
  if (name == "curve signals")
    return preamble("the `curve` signals of sim/roles/*/*_signal_decls.cpp") + signals_list(roles);
  if (name == "knee rules")
    return preamble("the knee rules of sim/roles/*/*_signal_decls.cpp and analysis/economy_rules.cpp") +
           knee_rules(with_economy_rules(roles));
  if (name == "ledger.csv") return preamble("analysis/output/ledger_columns.cpp") + ledger_markdown();
  if (name == "accounts.csv")
    return preamble("analysis/output/accounts_columns.cpp") + accounts_table().markdown();
  if (name == "events.csv") return preamble("analysis/output/accounts_columns.cpp") + events_table().markdown();
  if (name == "timeseries.csv (long horizon)")
    return preamble("analysis/output/horizon_columns.cpp") + horizon_table().markdown();
  if (name == "indices.csv")
    return preamble("analysis/sensitivity/indices_columns.cpp") + indices_columns().markdown();
  throw std::invalid_argument(fmt::format("no generated section '{}'", name));
}

std::string update_generated_sections(std::string_view readme, std::span<const RoleSignals> roles) {
  std::string out;
  std::size_t pos = 0;
  for (std::string_view name : generated_section_names()) {
    const std::string begin = begin_marker(name), end = end_marker(name);
    const auto b = readme.find(begin, pos);
    if (b == std::string_view::npos)
      throw std::invalid_argument(fmt::format("results/README.md: marker '{}' missing or out of order", begin.substr(0, begin.size() - 1)));
    const auto e = readme.find(end, b);
    if (e == std::string_view::npos)
      throw std::invalid_argument(fmt::format("results/README.md: marker '{}' missing", end));
    if (readme.find(begin, b + 1) != std::string_view::npos)
      throw std::invalid_argument(fmt::format("results/README.md: marker '{}' repeated", begin.substr(0, begin.size() - 1)));
    out += readme.substr(pos, b - pos);
    out += begin;
    out += generated_section(name, roles);
    pos = e;  // the end marker and what follows are kept
  }
  out += readme.substr(pos);
  return out;
}

}  // namespace opgsim::analysis::output
