// The column types of every declared CSV output, as JSON for the Python package
// (python/opgsim/columns.json): for each file, each column's name, unit and type ("int", "float"
// or "text", from its declared Format), so that pandas reads token amounts as int64 base units and
// counts as integers without a second list of columns to keep in step. Generated from the same
// declarations as results/README.md; a unit test fails when the file drifts and
// results/update-reference.sh rewrites it. No SimGrid.
#pragma once

#include <span>
#include <string>

#include "analysis/output/signal_decl.hpp"

namespace opgsim::analysis::output {

// The JSON text of python/opgsim/columns.json ('\n'-terminated). `roles`: every role's signal
// declarations (their timeseries.csv columns).
std::string python_columns_json(std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis::output
