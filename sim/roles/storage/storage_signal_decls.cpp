// The storage role's window signals declared (analysis/output/signal_decl.hpp; sampled by
// storage_signals.cpp) and the breaking-point rule that names its transfers.
#include "analysis/output/signal_decl.hpp"

namespace opgsim {

namespace {
using namespace analysis;
using output::Format;

constexpr SignalDecl kSignals[] = {
    {.name = "up_storage",
     .unit = "count",
     .doc = "storage nodes available at the window's end: up (not crashed) and reachable (not in a cut-off region)",
     .format = Format::Integer,
     .panel = SignalPanel::Up},
    {.name = "storage_in_flight",
     .unit = "count",
     .doc = "blob transfers in progress at storage nodes, at the window's end",
     .format = Format::Integer,
     .curve = true,
     .panel = SignalPanel::Backlog},
    {.name = "storage_backlog",
     .unit = "count",
     .doc = "of `storage_in_flight` at nodes, the transfers their inference node's throughput cap "
            "(`roles.storage.client_write_cap_Bps`, `client_read_cap_Bps`) holds past their uncontended time: the "
            "backlog of the store's bandwidth, at the window's end",
     .format = Format::Integer,
     .curve = true,
     .panel = SignalPanel::Backlog},
};

constexpr KneeRule kRules[] = {
    // Not storage_in_flight: a write takes 10 s and more by itself, so the transfers in flight
    // grow with the load (Little's law) while the store keeps up; the backlog counts only those
    // the bandwidth holds back.
    {"storage bandwidth", {KneeCondition{"signals.storage_backlog.max", Cmp::Gt, 10, 50}, std::nullopt}, 0, true},
};
}  // namespace

analysis::RoleSignals storage_signal_decls() { return {"storage", kSignals, kRules}; }

}  // namespace opgsim
