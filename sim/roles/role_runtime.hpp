// The SimGrid half of each role's registry entry (the pure half, sim/roles/role_registry.hpp, is
// what the scenario layer reads too; both are listed by sim/roles/role_list.hpp): how a run starts the role's nodes and what the probe
// samples of it at each window's end (its signals). run.cpp and the probe iterate this table instead of naming
// roles; each role's functions live in its own folder (sim/roles/<role>/).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/run_metrics.hpp"
#include "models/faults/fault_schedule.hpp"
#include "sim/roles/role_list.hpp"
#include "sim/engine/prepare_run.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

// What starting a role needs. Starting registers the role's nodes in the directory and creates
// their actors (in index order, on their hosts); nothing runs before the engine does.
struct RoleStart {
  World& world;
  const std::vector<faults::FaultEvent>& schedule;  // the whole fault schedule
  PreparedRun& prepared;                            // inference: the service models
};

// A role's window signals: called by the probe at each window's end (`width` seconds long,
// ending at `now`), it fills the role's slots of the sample (the signals its folder declares,
// <role>_signal_decls.cpp; slots from signal_slot in sim/roles/role_registry.hpp, looked up once)
// from the directory and from the role's nodes, read only. It keeps what it needs between
// windows (busy-time integrals, block counts) itself.
using RoleSampler = std::function<void(const World&, analysis::RunMetrics::WindowSample&, double width, double now)>;

// What a role adds to summary.json at the end of the run (its own block), if anything.
using RoleSummary = std::function<void(nlohmann::json& summary)>;

// A started role: what owns its nodes and its services' senders for the run (the senders are
// registered with the world at start: World::provide), its sampler and its summary.
struct RoleRun {
  std::shared_ptr<void> nodes;
  RoleSampler sample;
  std::shared_ptr<void> senders;
  RoleSummary summarize;
};

// Where the economy sends a control message for node `node` of a role (its operator left or
// joined: ControlMessage) and the region it is in.
struct ControlTarget {
  sg4::Mailbox* mailbox;
  int region;
};

struct RoleRuntime {
  faults::Role id;
  RoleRun (*start)(RoleStart&);
  int start_order;  // roles start in this order (actor creation order is part of a run's determinism)
  // Which of its nodes earned the role's fee share of a completed request (RoleEconomy::share_key),
  // -1 when none did; nullptr: the role has no share.
  std::int64_t (*fee_earner)(const Request&) = nullptr;
  // What it reads and checks before SimGrid starts (prepare_run: `run` and `validate`), if
  // anything; throws InputError.
  void (*prepare)(const Scenario&, PreparedRun&) = nullptr;
  // Where its nodes' control messages go; nullptr: the node's own mailbox in the role's
  // directory (default_control_target).
  ControlTarget (*control_target)(World&, std::uint32_t node) = nullptr;
};

// Node `node`'s mailbox in the role's directory, and its region.
ControlTarget default_control_target(World& world, faults::Role role, std::uint32_t node);

// Every role, in start order (start_order; actor creation order is part of a run's determinism).
std::span<const RoleRuntime> role_runtimes();

// Each role's runtime entry, defined in its folder (sim/roles/<role>/<role>_start.cpp).
#define OPGSIM_ROLE_RUNTIME_ENTRY(role, Spec) RoleRuntime role##_role_runtime();
OPGSIM_NODE_ROLES(OPGSIM_ROLE_RUNTIME_ENTRY)
#undef OPGSIM_ROLE_RUNTIME_ENTRY

// Helper for the samplers: nodes of a directory role up and reachable at this instant.
std::uint32_t available_nodes(const World& world, const RoleDirectory& role);

}  // namespace opgsim::engine
