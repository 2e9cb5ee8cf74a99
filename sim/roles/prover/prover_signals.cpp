// The prover role's window signals, read from the directory (see role_runtime.hpp): up_prover and
// prover_backlog (proofs at prover nodes, on their way or held while none is up).
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

RoleSampler prover_signals() {
  const std::size_t up = signal_slot("up_prover"), backlog = signal_slot("prover_backlog");
  return [up, backlog](const World& world, analysis::RunMetrics::WindowSample& sample, double, double) {
    const RoleDirectory& provers = world.directory(faults::Role::Prover);
    sample.values[up] = available_nodes(world, provers);
    const std::uint64_t prover_backlog = world.sender(Service::Prove).held() + provers.total_load();
    sample.values[backlog] = static_cast<double>(prover_backlog);
  };
}

}  // namespace opgsim::engine
