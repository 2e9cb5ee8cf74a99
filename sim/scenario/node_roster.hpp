// The nodes of a scenario's roles, placed in their regions, for the fault schedule
// (faults::build_schedule checks targets and expands selectors against it).
#pragma once

#include <vector>

#include "models/faults/fault_schedule.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

// Every node of every node role (sim/roles/role_registry.hpp), in registry order and by index
// within each role. Node i of a role is in role.regions[i % regions.size()], the same
// round-robin placement the engine uses for hosts. Clients and the router are not listed.
std::vector<faults::NodeRef> node_roster(const Scenario& s);

}  // namespace opgsim
