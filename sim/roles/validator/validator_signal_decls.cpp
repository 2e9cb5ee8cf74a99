// The validator role's window signals declared (analysis/output/signal_decl.hpp; sampled by
// validator_signals.cpp from the chain) and the breaking-point rule on block space / finality.
#include "analysis/output/signal_decl.hpp"

namespace opgsim {

namespace {
using namespace analysis;
using output::Format;

constexpr SignalDecl kSignals[] = {
    {.name = "up_validator",
     .unit = "count",
     .doc = "validators counted by consensus at the window's end",
     .format = Format::Integer,
     .panel = SignalPanel::Up},
    {.name = "settlement_pending",
     .unit = "count",
     .doc = "verified items not yet included in a committed block, at the window's end",
     .format = Format::Integer,
     .curve = true,
     .panel = SignalPanel::Chain},
    {.name = "blocks", .unit = "count", .doc = "blocks committed during the window", .format = Format::Integer},
    {.name = "base_fee_gwei",
     .unit = "gwei",
     .doc = "the chain's base fee at the window's end",
     .format = Format::Sig6,
     .panel = SignalPanel::Chain},
};

constexpr KneeRule kRules[] = {
    {"block space / finality", {KneeCondition{"signals.settlement_pending.max", Cmp::Gt, 10, 1000},
                                KneeCondition{"finality_s.p99", Cmp::Gt, 3, 0}}, 0, true},
};
}  // namespace

analysis::RoleSignals validator_signal_decls() { return {"validator", kSignals, kRules}; }

}  // namespace opgsim
