// The data role's window signals declared (analysis/output/signal_decl.hpp; sampled by
// data_signals.cpp) and the breaking-point rule that names its fetches.
#include "analysis/output/signal_decl.hpp"

namespace opgsim {

namespace {
using namespace analysis;
using output::Format;

constexpr SignalDecl kSignals[] = {
    {.name = "up_data",
     .unit = "count",
     .doc = "data nodes available at the window's end: up (not crashed) and reachable (not in a cut-off region)",
     .format = Format::Integer,
     .panel = SignalPanel::Up},
    {.name = "data_in_flight",
     .unit = "count",
     .doc = "data fetches in progress at data nodes, at the window's end",
     .format = Format::Integer,
     .curve = true,
     .panel = SignalPanel::Backlog},
};

constexpr KneeRule kRules[] = {
    {"data fetch", {KneeCondition{"signals.data_in_flight.max", Cmp::Gt, 10, 50}, std::nullopt}},
};
}  // namespace

analysis::RoleSignals data_signal_decls() { return {"data", kSignals, kRules}; }

}  // namespace opgsim
