// Checking a merged document against a schema and filling in every default.
//
// The first problem found throws opgsim::InputError with one line naming the source that wrote
// the offending value (see origins.hpp), e.g.
//   "a.json: roles.inference.cont: unknown key (did you mean 'count'?)"
//   "a.json: roles.inference.count: expected a positive integer, got -3"
//   "--set: duration_s: expected a number > 0, got 0"
// Unknown keys are reported before anything else in their object: a misspelt key is usually
// the cause of a "missing required key" in the same object.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"
#include "sim/config/schema.hpp"

namespace opgsim::config {

// Returns the complete document: every Default field filled (recursively), integers given as
// 8.0 normalized to 8. Optional fields that are absent stay absent.
nlohmann::json validate(const ObjectSchema& root, const nlohmann::json& doc, const Origins& origins);

// The same for one value of a given type found at `at`.
nlohmann::json validate_value(const Type& type, const nlohmann::json& value, const Origins& origins,
                              const Path& at);

// How a value is shown after "got": strings as 'x' for enums, otherwise JSON, shortened.
std::string shown(const nlohmann::json& value, bool quote_strings_singly = false);

}  // namespace opgsim::config
