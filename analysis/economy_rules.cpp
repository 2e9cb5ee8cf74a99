// The economy's breaking-point rules (see economy_rules.hpp).
#include "analysis/economy_rules.hpp"

namespace opgsim::analysis {

namespace {
constexpr KneeRule kRules[] = {
    // x402 handshakes refused (the payment chain down, or payers short of OPG): users see
    // refusals, so the throughput shortfall makes the knee; this rule names its cause.
    // The second condition of each rule is the same quantity in a sweep's curve (summary.json
    // paths, which every curve of an economy carries: sweep_collect.cpp's default metrics).
    {.resource = "payment chain",
     .conditions = {KneeCondition{"ledger.payments_rejected", Cmp::Gt, 0, 0},
                    KneeCondition{"economy.payments.rejected", Cmp::Gt, 0, 0}}},
    // Users going: the offered load falls with them, so neither latency nor the shortfall shows
    // it. It counts as a knee by itself without --slo (as a background stage does), and, a
    // consequence more than a cause when something else crossed too, it is blamed last on a tie.
    {.resource = "users leaving",
     .conditions = {KneeCondition{"ledger.active_users", Cmp::Lt, 0.9, 0},
                    KneeCondition{"economy.end.active_users", Cmp::Lt, 0.9, 0}},
     .tie_order = 1,
     .background = true,
     .knee_text = "the network loses users"},
};
}  // namespace

RoleSignals economy_rules() { return {"economy", {}, kRules}; }

std::vector<RoleSignals> with_economy_rules(std::span<const RoleSignals> roles) {
  std::vector<RoleSignals> out(roles.begin(), roles.end());
  out.push_back(economy_rules());
  return out;
}

}  // namespace opgsim::analysis
