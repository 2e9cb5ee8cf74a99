// The declaration of every scenario key (types, ranges, defaults, units, one-line docs), bound to
// the typed Scenario: validation, `dump-default-config`, scenarios/README.md's reference and the
// conversion to Scenario all derive from it.
#pragma once

#include "models/proof/proof_cost.hpp"
#include "sim/config/bind.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

const config::Bind<Scenario>& scenario_binding();
const config::ObjectSchema& scenario_schema();

// The `proof` section alone (the cross-field rules need its typed costs before conversion).
const config::Bind<proof::ProofConfig>& proof_section_binding();

// The `economy` section (economy_schema.cpp).
config::Bind<EconomySpec> economy_binding();
// economy.governance and economy.fund (economy_policy_schema.cpp).
config::Bind<economy::GovernanceSpec> governance_binding();
config::Bind<economy::FundConfig> fund_binding();
// The `horizon` block (horizon_schema.cpp).
config::Bind<HorizonSpec> horizon_binding();

}  // namespace opgsim
