// The roles whose nodes a scenario places, one registry line each: its id (the fault schedule's
// role), its name (the scenario's `roles.<name>`, a fault target's `role`), the prefix of its
// hosts' names, and where the scenario says how many nodes it has and in which regions. The
// fault roster and the platform's placement iterate this list instead of naming each role.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/faults/fault_schedule.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

struct NodeRole {
  faults::Role id;
  std::string_view name;
  std::string_view host_prefix;  // host i is "<host_prefix>-<i>"
  std::uint32_t (*count)(const Scenario&);
  const std::vector<std::string>& (*regions)(const Scenario&);
};

// Every node role, in roster order (inference, verifier, data, storage, validator, prover).
std::span<const NodeRole> node_roles();

}  // namespace opgsim
