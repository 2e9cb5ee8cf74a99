// The prover role's window signals, read from the directory (see role_runtime.hpp): up_prover and
// prover_backlog (proofs at prover nodes, on their way or held while none is up).
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler prover_signals() {
  return [](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    sample.nodes_up[up_slot(faults::Role::Prover)] = available_nodes(world, world.directory(faults::Role::Prover));
    sample.prover_backlog = world.sender(Service::Prove).held();
    for (std::uint32_t i = 0; i < world.directory(faults::Role::Prover).size(); ++i) sample.prover_backlog += world.directory(faults::Role::Prover).load(i);
  };
}

}  // namespace opgsim::engine
