// How a run starts the prover role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "sim/roles/prover/prover_node.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleRun start_prover(RoleStart& start) {
  return {start_nodes<ProverNode>(start, faults::Role::Prover, start.world.prover), prover_signals()};
}

}  // namespace opgsim::engine
