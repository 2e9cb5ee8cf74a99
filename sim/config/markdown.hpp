// The field reference of a schema as Markdown, so documentation is generated from the same
// declaration that validation uses and cannot drift from it.
//
// One section per object (the root, nested objects, array elements as `path[]`), each with a
// table: field path, type, unit, default, allowed values, meaning. A variant field gets one
// section per type with that type's parameters.
#pragma once

#include <string>
#include <vector>

#include "sim/config/schema.hpp"

namespace opgsim::config {

// `heading_level` is the number of '#' for object sections (variant types get one more).
std::string schema_markdown(const ObjectSchema& root, int heading_level = 3);

// Every field path the reference documents, in document order ("seed", "platform.regions[].name",
// "roles.inference.service.mean_s", ...); a path shared by several variant types appears once.
std::vector<std::string> documented_paths(const ObjectSchema& root);

}  // namespace opgsim::config
