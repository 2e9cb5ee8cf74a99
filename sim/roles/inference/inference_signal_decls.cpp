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
            "`occupancy_inference` for its headroom",
     .format = Format::Sig6,
     .curve = true,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "utilization.inference"},
    {.name = "occupancy_inference",
     .unit = "fraction",
     .doc = "mean over the nodes that are up, at the window's end, of how full a node is: busy servers / servers, or "
            "for the gpu model KV-cache blocks in use / blocks (the signal that a GPU is near its limit; 1 − it is "
            "the headroom)",
     .format = Format::Sig6,
     .curve = true,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "occupancy.inference",
     .panel = SignalPanel::Utilization},
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
    // Operators leaving is more often a consequence than a cause: blamed last on a tie.
    {"operators leaving", {KneeCondition{"signals.up_inference.mean", Cmp::Lt, 0.9, 0}, std::nullopt}, 1},
};
}  // namespace

analysis::RoleSignals inference_signal_decls() { return {"inference", kSignals, kRules}; }

}  // namespace opgsim
