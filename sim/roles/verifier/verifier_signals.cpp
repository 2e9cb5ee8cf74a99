// The verifier role's window signals, read from the directory (see role_runtime.hpp): up_verifier and
// verifier_backlog. Its utilization integrates the nodes' busy cores: the probe does it.
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

void sample_verifier(const World& world, analysis::RunMetrics::WindowSample& sample) {
  sample.nodes_up[up_slot(faults::Role::Verifier)] = available_nodes(world, world.verifier);
  // Proofs waiting anywhere for a verifier: at verifiers, on their way to one, or held while
  // none can take them.
  sample.verifier_backlog = world.held_verifications();
  for (std::uint32_t i = 0; i < world.verifier.size(); ++i) sample.verifier_backlog += world.verifier.load(i);
}

}  // namespace opgsim::engine
