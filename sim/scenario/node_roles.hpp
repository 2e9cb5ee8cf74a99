// Forwarding header: the node-role registry moved to sim/roles/role_registry.hpp. Kept only so
// the scenario layer's includes (limit rules, roster) still resolve; include the new path.
#pragma once

#include "sim/roles/role_registry.hpp"
