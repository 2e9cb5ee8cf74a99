// How a run starts the prover role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "sim/roles/prover/prove_sender.hpp"
#include "sim/roles/prover/prover_node.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleSampler prover_signals();  // prover_signals.cpp

namespace {

RoleRun start_prover(RoleStart& start) {
  auto sender = std::make_shared<ProveSender>(start.world);
  start.world.provide(Service::Prove, sender.get());
  return {start_nodes<ProverNode>(start, faults::Role::Prover, start.world.directory(faults::Role::Prover)),
          prover_signals(), sender, {}};
}

}  // namespace

// The runtime entry of the prover role (sim/roles/role_runtime.hpp).
// The fee share goes to the dedicated prover node that made the proof (-1: made on its node).
RoleRuntime prover_role_runtime() {
  return {faults::Role::Prover, &start_prover, 4, [](const Request& r) -> std::int64_t { return r.proved_by; }};
}

}  // namespace opgsim::engine
