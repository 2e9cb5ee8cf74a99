// timeseries.csv's column declarations (see timeseries_columns.hpp). The order here is the
// file's column order: do not reorder (scripts read columns by name, but baselines compare bytes).
#include "analysis/output/timeseries_columns.hpp"

namespace opgsim::analysis::output {

namespace {
using Row = TimeseriesRow;
using Col = TimeseriesTable::Column;

constexpr std::string_view kEndedDoc =
    "requests that reached that state (at their end time; a timeout counts at the moment the client gave up; a "
    "completed request counts when its background stages are over too)";
constexpr std::string_view kUpDoc =
    "nodes of that role available at the window's end: up (not crashed), reachable (not in a cut-off region) and, "
    "for inference, with its model loaded (cold start); validators: those counted by consensus";

std::uint64_t ended(const Row& r, Outcome o) { return r.ended[static_cast<int>(o)]; }
double util(const Row& r, Role role) { return r.sample.utilization[static_cast<int>(role)]; }

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
    {"queue_length", "count",
     "requests waiting for service at the window's end: at all nodes, plus the router's central queue",
     Format::Integer, [](const Row& r) -> Value { return r.sample.queue_length; }, nullptr, {}, true},
    {"utilization_inference", "fraction", "mean busy fraction of the inference nodes over the window", Format::Sig6,
     [](const Row& r) -> Value { return util(r, Role::Inference); }, nullptr, {}, true},
    {"occupancy_inference", "fraction",
     "mean over nodes, at the window's end, of how full a node is: busy servers / servers, or for the gpu model "
     "KV-cache blocks in use / blocks (the signal that a GPU is near its limit)",
     Format::Sig6, [](const Row& r) -> Value { return r.sample.occupancy_inference; }, nullptr, {}, true},
    {"preemptions", "count", "sequences preempted on all nodes during the window (gpu model)", Format::Integer,
     [](const Row& r) -> Value { return r.sample.preemptions; }, nullptr, {}, true},
    {"utilization_router", "fraction", "the router's busy fraction over the window", Format::Sig6,
     [](const Row& r) -> Value { return util(r, Role::Router); },
     [](const TimeseriesContext& c) { return c.has_router; }, "gateway placement only"},
    // From here on always present, whatever the scenario has (zeros for absent roles): a stable schema.
    {"verifier_backlog", "count",
     "proofs and attestations waiting for or being checked at verifiers, at the window's end", Format::Integer,
     [](const Row& r) -> Value { return r.sample.verifier_backlog; }, nullptr, {}, true},
    {"data_in_flight", "count", "data fetches in progress at data nodes, at the window's end", Format::Integer,
     [](const Row& r) -> Value { return r.sample.data_in_flight; }, nullptr, {}, true},
    {"storage_in_flight", "count", "blob transfers in progress at storage nodes, at the window's end",
     Format::Integer, [](const Row& r) -> Value { return r.sample.storage_in_flight; }, nullptr, {}, true},
    {"settlement_pending", "count", "verified items not yet included in a committed block, at the window's end",
     Format::Integer, [](const Row& r) -> Value { return r.sample.settlement_pending; }, nullptr, {}, true},
    {"blocks", "count", "blocks committed during the window", Format::Integer,
     [](const Row& r) -> Value { return r.sample.blocks; }},
    {"base_fee_gwei", "gwei", "the chain's base fee at the window's end", Format::Sig6,
     [](const Row& r) -> Value { return r.sample.base_fee_gwei; }},
    {"up_inference", "count", kUpDoc, Format::Integer,
     [](const Row& r) -> Value { return std::uint64_t{r.sample.nodes_up[0]}; }, nullptr, {}, true},
    {"up_verifier", "count", kUpDoc, Format::Integer,
     [](const Row& r) -> Value { return std::uint64_t{r.sample.nodes_up[1]}; }},
    {"up_data", "count", kUpDoc, Format::Integer,
     [](const Row& r) -> Value { return std::uint64_t{r.sample.nodes_up[2]}; }},
    {"up_storage", "count", kUpDoc, Format::Integer,
     [](const Row& r) -> Value { return std::uint64_t{r.sample.nodes_up[3]}; }},
    {"up_validator", "count", kUpDoc, Format::Integer,
     [](const Row& r) -> Value { return std::uint64_t{r.sample.nodes_up[4]}; }},
    {"utilization_verifier", "fraction", "mean busy fraction of the verifiers over the window", Format::Sig6,
     [](const Row& r) -> Value { return util(r, Role::Verifier); }},
    {"finality_p99_s", "s",
     "p99 of finality (block committed − submission) of the settled requests completed in the window, by end time "
     "as for `latency_p99_s` (0 if none)",
     Format::Sig6, [](const Row& r) -> Value { return r.finality_p99_s; }},
    // Last, so that scenarios without prover nodes keep the columns above in the same places.
    {"up_prover", "count", kUpDoc, Format::Integer,
     [](const Row& r) -> Value { return std::uint64_t{r.sample.nodes_up[5]}; },
     [](const TimeseriesContext& c) { return c.has_prover; }, "with prover nodes only"},
    {"prover_backlog", "count",
     "proofs waiting for a prover node, on their way to one, queued or being made there, at the window's end",
     Format::Integer, [](const Row& r) -> Value { return r.sample.prover_backlog; },
     [](const TimeseriesContext& c) { return c.has_prover; }, "with prover nodes only"},
};

constexpr TimeseriesTable kTable{kColumns};
}  // namespace

const TimeseriesTable& timeseries_table() { return kTable; }

std::vector<SignalColumn> timeseries_numeric_columns() {
  std::vector<SignalColumn> out;
  for (const Col& c : kColumns) out.push_back({c.name, c.unit});
  return out;
}

std::vector<SignalColumn> timeseries_signal_columns() {
  std::vector<SignalColumn> out;
  for (const Col& c : kColumns)
    if (c.signal) out.push_back({c.name, c.unit});
  return out;
}

}  // namespace opgsim::analysis::output
