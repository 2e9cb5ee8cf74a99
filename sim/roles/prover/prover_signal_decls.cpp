// The prover role's window signals declared (analysis/output/signal_decl.hpp; sampled by
// prover_signals.cpp): present only in scenarios with prover nodes.
#include "analysis/output/signal_decl.hpp"

namespace opgsim {

namespace {
using namespace analysis;
using output::Format;

constexpr SignalDecl kSignals[] = {
    {.name = "up_prover",
     .unit = "count",
     .doc = "prover nodes available at the window's end: up (not crashed) and reachable (not in a cut-off region)",
     .format = Format::Integer,
     .presence = SignalPresence::WithNodes},
    {.name = "prover_backlog",
     .unit = "count",
     .doc = "proofs waiting for a prover node, on their way to one, queued or being made there, at the window's end",
     .format = Format::Integer,
     .presence = SignalPresence::WithNodes},
};
}  // namespace

analysis::RoleSignals prover_signal_decls() { return {"prover", kSignals}; }

}  // namespace opgsim
