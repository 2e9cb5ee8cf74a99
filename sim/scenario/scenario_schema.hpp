// The declaration of every scenario key (types, ranges, defaults, units, one-line docs), from
// which validation, `dump-default-config` and scenarios/README.md's reference all derive.
#pragma once

#include "sim/config/schema.hpp"

namespace opgsim {

const config::ObjectSchema& scenario_schema();

// The `economy` section (economy_schema.cpp).
config::Type economy_schema();

}  // namespace opgsim
