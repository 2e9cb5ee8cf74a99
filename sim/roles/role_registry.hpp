// The roles whose nodes a scenario places, one registry line each: its id (the fault schedule's
// role), its name (the scenario's `roles.<name>`, a fault target's `role`), the prefix of its
// hosts' names, where the scenario says how many nodes it has and in which regions, and its
// window signals (name, unit, doc, the knee rules naming them: sim/roles/<role>/<role>_signal_decls.cpp).
// The fault roster, the platform's placement, the metrics and the analysis commands iterate this
// list instead of naming each role.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/output/signal_decl.hpp"
#include "models/faults/fault_schedule.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

struct NodeRole {
  faults::Role id;
  std::string_view name;
  std::string_view host_prefix;  // host i is "<host_prefix>-<i>"
  std::uint32_t (*count)(const Scenario&);
  const std::vector<std::string>& (*regions)(const Scenario&);
  analysis::RoleSignals (*signals)();
};

// Every node role, in roster order (inference, verifier, data, storage, validator, prover).
std::span<const NodeRole> node_roles();

// Every role's signal declarations, in registry order: what analysis/ iterates (timeseries.csv's
// role columns, knee rules, curve signals, the output docs).
std::span<const analysis::RoleSignals> role_signals();
// The slot in analysis::RunMetrics::WindowSample::values of the signal `name` (its samplers look
// it up once); std::logic_error when no role declares it.
std::size_t signal_slot(std::string_view name);

}  // namespace opgsim
