// The SimGrid half of each role's registry line (the pure half, sim/roles/role_registry.hpp, is
// what the scenario layer reads too): how a run starts the role's nodes and what the probe
// samples of it at each window's end. run.cpp and the probe iterate this table instead of naming
// roles; each role's functions live in its own folder (sim/roles/<role>/).
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "analysis/run_metrics.hpp"
#include "models/faults/fault_schedule.hpp"
#include "sim/engine/prepare_run.hpp"
#include "sim/engine/probe.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

// What starting a role needs. Starting registers the role's nodes in the directory and creates
// their actors (in index order, on their hosts); nothing runs before the engine does.
struct RoleStart {
  World& world;
  const std::vector<faults::FaultEvent>& schedule;  // the whole fault schedule
  PreparedRun& prepared;                            // inference: the service models
  ProbedNodes& probed;                              // read-only pointers the probe integrates
};

struct RoleRuntime {
  faults::Role id;
  // Starts the role's nodes; the returned object owns them for the run.
  std::shared_ptr<void> (*start)(RoleStart&);
  // The role's window signals read from the directory (and the role's published state): its
  // nodes available now, and its backlog columns.
  void (*sample)(const World&, analysis::RunMetrics::WindowSample&);
};

// Every role, in start order (actor creation order is part of a run's determinism: keep it).
std::span<const RoleRuntime> role_runtimes();

// Each role's two functions (defined in sim/roles/<role>/).
std::shared_ptr<void> start_inference(RoleStart&);
std::shared_ptr<void> start_verifier(RoleStart&);
std::shared_ptr<void> start_data(RoleStart&);
std::shared_ptr<void> start_storage(RoleStart&);
std::shared_ptr<void> start_prover(RoleStart&);
std::shared_ptr<void> start_validator(RoleStart&);
void sample_inference(const World&, analysis::RunMetrics::WindowSample&);
void sample_verifier(const World&, analysis::RunMetrics::WindowSample&);
void sample_data(const World&, analysis::RunMetrics::WindowSample&);
void sample_storage(const World&, analysis::RunMetrics::WindowSample&);
void sample_prover(const World&, analysis::RunMetrics::WindowSample&);
void sample_validator(const World&, analysis::RunMetrics::WindowSample&);

// Helper for the samplers: nodes of a directory role up and reachable at this instant.
std::uint32_t available_nodes(const World& world, const RoleDirectory& role);
// The registry index of a role in WindowSample::nodes_up (the pure registry's order).
std::size_t up_slot(faults::Role id);

}  // namespace opgsim::engine
