// The roles whose nodes a scenario places, one registry line each: its id (the fault schedule's
// role), its name (the scenario's `roles.<name>`, a fault target's `role`), the prefix of its
// hosts' names, where the scenario says how many nodes it has and in which regions, and which
// services (sim/engine/service.hpp) its nodes serve. The fault roster, the platform's placement
// and message posting iterate this list instead of naming each role.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/faults/fault_schedule.hpp"
#include "sim/engine/service.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

struct NodeRole {
  faults::Role id;
  std::string_view name;
  std::string_view host_prefix;  // host i is "<host_prefix>-<i>"
  std::uint32_t (*count)(const Scenario&);
  const std::vector<std::string>& (*regions)(const Scenario&);
  std::uint32_t services = 0;    // bit index_of(s) set for each service s it serves
  bool serves(engine::Service s) const { return (services >> engine::index_of(s) & 1U) != 0; }
};

// Every node role, in roster order (inference, verifier, data, storage, validator, prover).
std::span<const NodeRole> node_roles();

// Whether the scenario has nodes that serve s (the role serving it has at least one node).
bool service_offered(const Scenario& scenario, engine::Service s);

}  // namespace opgsim
