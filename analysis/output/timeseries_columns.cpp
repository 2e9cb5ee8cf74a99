// timeseries.csv's core column declarations and the file's layout (see timeseries_columns.hpp).
// The order here is the file's column order (scripts read columns by name, but baselines compare
// bytes): the core columns, then the roles' signals.
#include "analysis/output/timeseries_columns.hpp"

#include <fmt/format.h>

namespace opgsim::analysis::output {

namespace {
using Row = TimeseriesRow;
using Col = TimeseriesTable::Column;

constexpr std::string_view kEndedDoc =
    "requests that reached that state (at their end time; a timeout counts at the moment the client gave up; a "
    "completed request counts when its background stages are over too)";

std::uint64_t ended(const Row& r, Outcome o) { return r.ended[static_cast<int>(o)]; }

constexpr Col kColumns[] = {
    {"t_start_s", "s", "start of the window", Format::Shortest, [](const Row& r) -> Value { return r.t_start_s; }},
    {"t_end_s", "s", "end of the window (the last row may end earlier, at the end of the run)", Format::Shortest, [](const Row& r) -> Value { return r.t_end_s; }},
    {"arrivals", "count", "requests submitted", Format::Integer, [](const Row& r) -> Value { return r.arrivals; }},
    {"completed", "count", kEndedDoc, Format::Integer, [](const Row& r) -> Value { return ended(r, Outcome::Completed); }},
    {"rejected", "count", kEndedDoc, Format::Integer, [](const Row& r) -> Value { return ended(r, Outcome::Rejected); }},
    {"timed_out", "count", kEndedDoc, Format::Integer, [](const Row& r) -> Value { return ended(r, Outcome::TimedOut); }},
    {"failed", "count", kEndedDoc, Format::Integer, [](const Row& r) -> Value { return ended(r, Outcome::Failed); }},
    {"invalid", "count", kEndedDoc, Format::Integer, [](const Row& r) -> Value { return ended(r, Outcome::Invalid); }},
    {"in_flight", "count",
     "requests submitted and not in a terminal state at the window's end (the last row: those that ended "
     "`unfinished`)",
     Format::Integer, [](const Row& r) -> Value { return r.in_flight; }},
    {"throughput_rps", "req/s", "`completed` / window length", Format::Sig6,
     [](const Row& r) -> Value { return r.throughput_rps; }},
    {"latency_p50_s", "s",
     "latency (result received − submission) of the requests completed in the window, by end time as for "
     "`completed` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.latency_p50_s; }},
    {"latency_p99_s", "s",
     "latency (result received − submission) of the requests completed in the window, by end time as for "
     "`completed` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.latency_p99_s; }},
    {"finality_p99_s", "s",
     "p99 of finality (block committed − submission) of the settled requests completed in the window, by end time "
     "as for `latency_p99_s` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.finality_p99_s; }},
    {"utilization_router", "fraction", "the router's busy fraction over the window", Format::Sig6,
     [](const Row& r) -> Value { return r.sample.router_utilization; },
     [](const TimeseriesContext& c) { return c.has_router; }, "gateway placement only"},
    {"delivered", "count",
     "requests whose answer reached their client in the window (by the time it arrived): those that ended "
     "`completed` and those still in their background stages (verify, settle) when the run stopped",
     Format::Integer, [](const Row& r) -> Value { return r.delivered; }},
    {"delivered_rps", "req/s",
     "`delivered` / window length: the throughput users see (`throughput_rps` waits for the background stages too)",
     Format::Sig6, [](const Row& r) -> Value { return r.delivered_rps; }},
    {"ttft_p50_s", "s", "time to first token of the requests completed in the window, as for `latency_p50_s` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.ttft_p50_s; },
     [](const TimeseriesContext& c) { return c.token_metrics; }, "gpu model only"},
    {"ttft_p99_s", "s", "time to first token of the requests completed in the window, as for `latency_p99_s` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.ttft_p99_s; },
     [](const TimeseriesContext& c) { return c.token_metrics; }, "gpu model only"},
    {"tpot_p99_s", "s", "time per output token of the requests completed in the window, as for `latency_p99_s` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.tpot_p99_s; },
     [](const TimeseriesContext& c) { return c.token_metrics; }, "gpu model only"},
};

constexpr TimeseriesTable kTable{kColumns};

// A role signal's cell: counts are kept as doubles in the sample (exact far beyond any count here).
Value role_value(const SignalDecl& d, double v) {
  if (d.format == Format::Integer) return static_cast<std::uint64_t>(v);
  return v;
}

std::string when_of(const RoleSignals& role, const SignalDecl& d) {
  return d.presence == SignalPresence::WithNodes ? fmt::format("with {} nodes only", role.role) : std::string();
}
}  // namespace

const TimeseriesTable& core_timeseries_table() { return kTable; }

TimeseriesColumns::TimeseriesColumns(std::span<const RoleSignals> roles, const std::vector<bool>& role_has_nodes,
                                     bool has_router, bool token_metrics)
    : ctx_{has_router, token_metrics} {
  const std::vector<SignalSlot> slots = signal_slots(roles);
  for (std::size_t k = 0; k < slots.size(); ++k) {
    const bool nodes = slots[k].role < role_has_nodes.size() && role_has_nodes[slots[k].role];
    if (slots[k].decl->presence == SignalPresence::Always || nodes) roles_.emplace_back(k, slots[k].decl);
  }
}

std::string TimeseriesColumns::header() const {
  std::string out = kTable.header(ctx_);
  out.pop_back();  // the core header's '\n': the role columns follow on the same line
  for (const auto& [slot, decl] : roles_) {
    out += ',';
    out += decl->name;
  }
  out += '\n';
  return out;
}

void TimeseriesColumns::append_row(std::string& out, const TimeseriesRow& row) const {
  kTable.append_row(out, row, ctx_);
  out.pop_back();  // as in header()
  for (const auto& [slot, decl] : roles_) {
    out += ',';
    append_cell(out, decl->format, role_value(*decl, row.sample.values[slot]), decl->name);
  }
  out += '\n';
}

std::string timeseries_markdown(std::span<const RoleSignals> roles) {
  std::vector<std::string> whens;  // the DocRows below point into it: sized before they are made
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals) whens.push_back(when_of(r, d));
  std::vector<DocRow> rows;
  for (const Col& c : kColumns) rows.push_back({c.name, c.unit, c.doc, c.when});
  std::size_t i = 0;
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals) rows.push_back({d.name, d.unit, d.doc, whens[i++]});
  return doc_table("column", rows);
}

std::vector<SignalColumn> timeseries_numeric_columns(std::span<const RoleSignals> roles) {
  std::vector<SignalColumn> out;
  for (const Col& c : kColumns) out.push_back({c.name, c.unit});
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals) out.push_back({d.name, d.unit});
  return out;
}

std::vector<SignalColumn> timeseries_signal_columns(std::span<const RoleSignals> roles) {
  std::vector<SignalColumn> out;
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals)
      if (d.curve) out.push_back({d.name, d.unit});
  return out;
}

}  // namespace opgsim::analysis::output
