// How a run starts the verifier role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "sim/roles/verifier/verifier_node.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

std::shared_ptr<void> start_verifier(RoleStart& start) {
  auto nodes = start_nodes<VerifierNode>(start, faults::Role::Verifier, start.world.verifier);
  for (const auto& node : *nodes) start.probed.verifiers.push_back(node.get());  // busy cores, read only
  return nodes;
}

}  // namespace opgsim::engine
