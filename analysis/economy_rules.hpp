// The breaking-point rules on the token economy (payment chain, users leaving), beside the roles'
// rules (sim/roles/<role>/<role>_signal_decls.cpp). The economy is not a role and has no window
// signals: its rules read ledger.csv, whose epochs a run folder's analysis joins into its windows
// as "ledger.<column>" values (analysis/sweep/breaking_point.cpp). No SimGrid.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "analysis/output/signal_decl.hpp"

namespace opgsim::analysis {

// The prefix of a load point's value read from ledger.csv ("ledger.active_users").
inline constexpr std::string_view kLedgerValuePrefix = "ledger.";

// The economy's rules, as a RoleSignals with no signals (its "role" is "economy").
RoleSignals economy_rules();

// The roles' declarations followed by the economy's rules: what the knee searches.
std::vector<RoleSignals> with_economy_rules(std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis
