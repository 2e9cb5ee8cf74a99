// summary.json declared: every field once, with unit, doc and when it is present. The writers
// (RunMetrics, the engine's invariants, economy, settlement chain) set values through it and a
// run refuses to write a key it lacks; results/README.md documents summary.json from it. No SimGrid.
#pragma once

#include "analysis/output/field_registry.hpp"

namespace opgsim::analysis::output {

// Placeholders: <state> = the lifecycle's terminal states, <stage> = its stages.
const FieldRegistry& summary_fields();

}  // namespace opgsim::analysis::output
