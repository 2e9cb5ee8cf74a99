// A long-horizon run's timeseries.csv columns (see horizon_columns.hpp). The order here is the
// file's column order.
#include "analysis/output/horizon_columns.hpp"

namespace opgsim::analysis::output {

namespace {
using R = HorizonRow;

constexpr HorizonTable::Column kColumns[] = {
    {"t_start_s", "s", "start of the period", Format::Shortest, [](const R& r) -> Value { return r.t_start_s; }},
    {"t_end_s", "s", "end of the period (as ledger.csv's row)", Format::Shortest,
     [](const R& r) -> Value { return r.t_end_s; }},
    {"offered_rps", "req/s", "the users' request rate in the period (active users x requests_per_user_per_s x demand factor)",
     Format::Sig6, [](const R& r) -> Value { return r.offered_rps; }},
    {"rate_lo_rps", "req/s",
     "the rate grid's points whose request-level windows gave the period's performance (equal: the period's rate is "
     "a grid point)",
     Format::Sig6, [](const R& r) -> Value { return r.rate_lo_rps; }},
    {"rate_hi_rps", "req/s",
     "the rate grid's points whose request-level windows gave the period's performance (equal: the period's rate is "
     "a grid point)",
     Format::Sig6, [](const R& r) -> Value { return r.rate_hi_rps; }},
    {"perf_source", "name",
     "`measured` (on a grid point whose window was simulated for this period), `reused` (on a grid point whose window "
     "was simulated before, in this run or a cached one), `interpolated` (between two grid points' windows, "
     "simulated or reused), `idle` (no request rate, or no active node of the routed role: nothing served)",
     Format::Text, [](const R& r) -> Value { return std::string_view(r.perf_source); }},
    {"active_users", "count", "active users at the period's start", Format::Integer,
     [](const R& r) -> Value { return r.active_users; }},
    {"active_operators", "count", "active nodes of the routed role (inference operators) at the period's start",
     Format::Integer, [](const R& r) -> Value { return r.active_operators; }},
    {"active_nodes", "count", "active nodes of every role at the period's start (the window's node counts)",
     Format::Integer, [](const R& r) -> Value { return r.active_nodes; }},
    {"window_faults", "count", "fault events in the period's window (those in force at its start included)",
     Format::Integer, [](const R& r) -> Value { return r.window_faults; }},
    {"offered", "count", "requests offered in the period (offered_rps x period)", Format::Integer,
     [](const R& r) -> Value { return r.offered; }},
    {"completed", "count", "of those, answered: delivered to their users (offered x completed_fraction)", Format::Integer,
     [](const R& r) -> Value { return r.completed; }},
    {"failed", "count", "of those, not answered (rejected, timed out, failed)", Format::Integer,
     [](const R& r) -> Value { return r.failed; }},
    {"slow", "count",
     "completed requests slower than economy.users.tolerance_latency_s: completed x the share its windows counted "
     "(interpolated like the rest)",
     Format::Integer, [](const R& r) -> Value { return r.slow; }},
    {"throughput_rps", "req/s", "completed / period: the delivered throughput", Format::Sig6, [](const R& r) -> Value { return r.throughput_rps; }},
    {"completed_fraction", "fraction", "the window's measured delivered / submitted: requests answered, whether or not their background "
     "stages (verify, settle) had finished when the window stopped", Format::Sig6,
     [](const R& r) -> Value { return r.completed_fraction; }},
    {"latency_p50_s", "s", "the window's user-seen latency percentiles", Format::Sig6,
     [](const R& r) -> Value { return r.latency_p50_s; }},
    {"latency_p99_s", "s", "the window's user-seen latency percentiles", Format::Sig6,
     [](const R& r) -> Value { return r.latency_p99_s; }},
    {"ttft_p99_s", "s", "the window's time to first token, 99th percentile (0 without token metrics)", Format::Sig6,
     [](const R& r) -> Value { return r.ttft_p99_s; }},
};

constexpr HorizonTable kTable{kColumns};
}  // namespace

const HorizonTable& horizon_table() { return kTable; }

}  // namespace opgsim::analysis::output
