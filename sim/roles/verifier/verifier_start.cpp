// How a run starts the verifier role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "sim/roles/verifier/verifier_node.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleRun start_verifier(RoleStart& start) {
  auto nodes = start_nodes<VerifierNode>(start, faults::Role::Verifier, start.world.verifier);
  std::vector<const VerifierNode*> probed;  // busy cores, read only
  for (const auto& node : *nodes) probed.push_back(node.get());
  return {nodes, verifier_signals(std::move(probed))};
}

}  // namespace opgsim::engine
