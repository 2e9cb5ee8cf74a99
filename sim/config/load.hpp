// The whole input path for one configuration: file + extends chain, then --set overrides, then
// schema validation with defaults. Callers add their own cross-field rules afterwards, using
// the returned origins so their messages name the right source too.
#pragma once

#include <string>
#include <vector>

#include "sim/config/extends.hpp"
#include "sim/config/schema.hpp"

namespace opgsim::config {

// Returns the validated, default-filled document and the origin of each value.
Document load_validated(const std::string& file, const std::vector<std::string>& sets,
                        const ObjectSchema& schema);

}  // namespace opgsim::config
