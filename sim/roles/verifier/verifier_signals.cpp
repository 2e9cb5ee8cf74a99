// The verifier role's window signals (see role_runtime.hpp): up_verifier and verifier_backlog
// from the directory, and utilization_verifier from the nodes' busy cores (read only).
#include "sim/roles/role_registry.hpp"
#include "sim/roles/role_runtime.hpp"
#include "sim/roles/verifier/verifier_node.hpp"

namespace opgsim::engine {

RoleSampler verifier_signals(std::vector<const VerifierNode*> nodes) {
  std::vector<double> busy_before(nodes.size(), 0.0);
  const std::size_t up = signal_slot("up_verifier"), backlog = signal_slot("verifier_backlog"),
                    utilization = signal_slot("utilization_verifier");
  return [up, backlog, utilization, nodes = std::move(nodes), last_busy = std::move(busy_before)](
             const World& world, analysis::RunMetrics::WindowSample& sample, double width, double now) mutable {
    const RoleDirectory& verifiers = world.directory(faults::Role::Verifier);
    sample.values[up] = available_nodes(world, verifiers);
    // Proofs waiting anywhere for a verifier: at verifiers, on their way to one, or held while
    // none can take them.
    const std::uint64_t verifier_backlog = world.sender(Service::Verify).held() + verifiers.total_load();
    sample.values[backlog] = static_cast<double>(verifier_backlog);
    double busy = 0;
    for (std::size_t v = 0; v < nodes.size(); ++v) {
      const double b = nodes[v]->busy_core_integral(now);
      busy += b - last_busy[v];
      last_busy[v] = b;
    }
    if (width > 0 && !nodes.empty())
      sample.values[utilization] =
          busy / width / (static_cast<double>(nodes.size()) * world.scenario.roles.verifier.cores);
  };
}

}  // namespace opgsim::engine
