// manifest.json declared: every field once, with unit, doc and when it is present. The CLI's
// manifest writer is checked against it and results/README.md documents manifest.json from it.
// No SimGrid.
#pragma once

#include "analysis/output/field_registry.hpp"

namespace opgsim::analysis::output {

const FieldRegistry& manifest_fields();

}  // namespace opgsim::analysis::output
