// What kind of value a scenario path holds, from the scenario schema: `opgsim capacity --search`
// bisects on integers when the searched field is an integer (a node count), and refuses a path
// that is not a number at all before any run.
#pragma once

#include <optional>
#include <string>

#include "sim/config/schema.hpp"

namespace opgsim::cli {

// The declared kind of the field at a dotted scenario path ("roles.verifier.count"; "[i]" steps
// into an array's elements; a family with a type looks in each of its types), or nullopt when the
// schema does not declare it (the scenario load then says what is wrong).
std::optional<config::Type::Kind> scenario_field_kind(const std::string& path);

}  // namespace opgsim::cli
