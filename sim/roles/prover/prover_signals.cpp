// The prover role's window signals, read from the directory (see role_runtime.hpp): up_prover and
// prover_backlog (proofs at prover nodes, on their way or held while none is up).
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler prover_signals() {
  const std::size_t up = signal_slot("up_prover"), backlog = signal_slot("prover_backlog");
  return [up, backlog](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    sample.values[up] = available_nodes(world, world.prover);
    std::uint64_t prover_backlog = world.held_proofs();
    for (std::uint32_t i = 0; i < world.prover.size(); ++i) prover_backlog += world.prover.load(i);
    sample.values[backlog] = static_cast<double>(prover_backlog);
  };
}

}  // namespace opgsim::engine
