// Command-line overrides: `--set dotted.path=value`.
//
// Path syntax: object keys joined by dots, array elements as [i] (0-based), exactly as error
// messages print paths, e.g. `workload.arrivals.phases[1].rate_rps=20`. A numeric dotted
// segment (`phases.1`) is refused with a hint, because `.1` would be ambiguous with an object
// key "1".
// Value: parsed as JSON when it parses (numbers, true/false, arrays, objects, "quoted strings"),
// otherwise taken as a bare string (`router.policy.type=random`). `null` removes the key, so the
// default applies again (as a null does in a merge patch).
// An override replaces the value at its path wholesale (objects are not merged); missing
// intermediate objects are created; an array index must already exist. Whether the path is a
// known key is checked afterwards by schema validation, which then names "--set" as the origin.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config/extends.hpp"

namespace opgsim::config {

inline constexpr const char* kSetOrigin = "--set";

struct Assignment {
  Path path;
  nlohmann::json value;
  std::string text;  // the assignment as given, for messages
};

// Parses "dotted.path=value". Throws opgsim::InputError
// "--set: expected dotted.path=value, got '...'" (with a reason for a malformed path).
Assignment parse_assignment(const std::string& text);

// Applies assignments in order; each written value gets the origin "--set".
void apply_sets(Document& doc, const std::vector<std::string>& sets);

}  // namespace opgsim::config
