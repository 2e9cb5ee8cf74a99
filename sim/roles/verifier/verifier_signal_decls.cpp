// The verifier role's window signals declared (analysis/output/signal_decl.hpp; sampled by
// verifier_signals.cpp) and the breaking-point rule that names its backlog.
#include "analysis/output/signal_decl.hpp"

namespace opgsim {

namespace {
using namespace analysis;
using output::Format;

constexpr SignalDecl kSignals[] = {
    {.name = "up_verifier",
     .unit = "count",
     .doc = "verifier nodes available at the window's end: up (not crashed) and reachable (not in a cut-off region)",
     .format = Format::Integer,
     .panel = SignalPanel::Up},
    {.name = "verifier_backlog",
     .unit = "count",
     .doc = "proofs and attestations waiting for or being checked at verifiers, at the window's end",
     .format = Format::Integer,
     .curve = true,
     .panel = SignalPanel::Backlog},
    {.name = "utilization_verifier",
     .unit = "fraction",
     .doc = "mean busy fraction of the verifiers over the window",
     .format = Format::Sig6,
     .summary = SignalSummary::MeasuredMean,
     .summary_field = "utilization.verifier",
     .panel = SignalPanel::Utilization},
};

constexpr KneeRule kRules[] = {
    // A backlog that does not clear.
    {"verifier backlog", {KneeCondition{"signals.verifier_backlog.max", Cmp::Gt, 10, 100}, std::nullopt}, 0, true},
};
}  // namespace

analysis::RoleSignals verifier_signal_decls() { return {"verifier", kSignals, kRules}; }

}  // namespace opgsim
