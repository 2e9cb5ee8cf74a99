// The declaration of every scenario key (types, ranges, defaults, units, one-line docs), from
// which validation, `dump-default-config` and scenarios/README.md's reference all derive.
#pragma once

#include <string>
#include <vector>

#include "sim/config/schema.hpp"

namespace opgsim {

const config::ObjectSchema& scenario_schema();

// The choices of the enum-like keys, in the order documentation lists them; the loader maps
// them to the typed enums in the same order.
const std::vector<std::string>& router_policy_names();

}  // namespace opgsim
