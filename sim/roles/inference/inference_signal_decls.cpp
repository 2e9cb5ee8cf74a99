// The inference role's window signals declared (analysis/output/signal_decl.hpp; sampled by
// inference_signals.cpp) and the breaking-point rules that name them.
#include "analysis/output/signal_decl.hpp"

namespace opgsim {

namespace {
using namespace analysis;
using output::Format;

constexpr SignalDecl kSignals[] = {
    {.name = "up_inference",
     .unit = "count",
     .doc = "inference nodes available at the window's end: up (not crashed), reachable (not in a cut-off region) "
            "and with their model loaded (cold start)",
     .format = Format::Integer,
     .curve = true,
     .panel = SignalPanel::Up},
    {.name = "queue_length",
     .unit = "count",
     .doc = "requests waiting for service at the window's end: at all nodes, plus the router's central queue",
     .format = Format::Integer,
     .curve = true},
    {.name = "utilization_inference",
     .unit = "fraction",
     .doc = "mean busy fraction over the window of the inference nodes that are up (available at the window's end "
            "or busy during it); a batching GPU counts as busy while any sequence runs, so see "
            "`batch_inference`, `occupancy_inference` and `tokens_inference` for its headroom",
     .format = Format::Sig6,
     .curve = true,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "utilization.inference"},
    {.name = "occupancy_inference",
     .unit = "fraction",
     .doc = "mean over the nodes that are up, at the window's end, of the KV-cache blocks in use / blocks (gpu "
            "model; 0 for models without a KV cache, whose busy servers `batch_inference` counts); 1 − it is the "
            "cache's headroom",
     .format = Format::Sig6,
     .curve = true,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "occupancy.inference",
     .panel = SignalPanel::Utilization},
    {.name = "batch_inference",
     .unit = "fraction",
     .doc = "mean over the nodes that are up, at the window's end, of the batch slots in use: sequences running / "
            "max_num_seqs for the gpu model, busy servers / servers otherwise (1 − it is the headroom in slots)",
     .format = Format::Sig6,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "batch.inference"},
    {.name = "tokens_inference",
     .unit = "fraction",
     .doc = "mean over the nodes that are up, at the window's end, of the token budget the iteration in progress "
            "uses: its prefill and decode tokens / max_num_batched_tokens (gpu model; 0 otherwise)",
     .format = Format::Sig6,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "tokens.inference"},
    {.name = "preemptions",
     .unit = "count",
     .doc = "sequences preempted on all nodes during the window (gpu model)",
     .format = Format::Integer,
     .curve = true,
     .summary = SignalSummary::RunTotal,
     .summary_field = "preemptions"},
};

constexpr KneeRule kRules[] = {
    // Not utilization_inference: under continuous batching a node counts as busy whenever any
    // sequence runs, so it reads ~1 at any load; the waiting queue is the signal. (The + 1 keeps
    // a near-empty first queue from tripping on a few waiting requests.)
    {"GPU queue", {KneeCondition{"signals.queue_length.mean", Cmp::Gt, 10, 1}, std::nullopt}},
    {"KV cache", {KneeCondition{"signals.occupancy_inference.mean", Cmp::Ge, 0, 0.9},
                  KneeCondition{"signals.preemptions.max", Cmp::Gt, 0, 0}}},
    // A batching GPU whose batch keeps growing: every sequence runs, but each iteration takes
    // longer (memory bandwidth and compute shared by more tokens), so its tokens come slower
    // with no queue and the cache not full. After the KV cache: preemptions slow tokens too, and
    // a tie goes to the cache.
    {"GPU compute", {KneeCondition{"tpot_s.p99", Cmp::Gt, 3, 0}, std::nullopt}},
    // Operators leaving is more often a consequence than a cause: blamed last on a tie, unless the
    // load did not grow (knee.hpp's KneeRule::capacity).
    {.resource = "operators leaving",
     .conditions = {KneeCondition{"signals.up_inference.mean", Cmp::Lt, 0.9, 0}, std::nullopt},
     .tie_order = 1,
     .capacity = true},
};
}  // namespace

analysis::RoleSignals inference_signal_decls() { return {"inference", kSignals, kRules}; }

}  // namespace opgsim
