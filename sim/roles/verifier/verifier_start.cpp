// How a run starts the verifier role (its registry line, sim/roles/role_runtime.hpp): one actor per node.
#include "analysis/output/json_writer.hpp"
#include "analysis/output/summary_fields.hpp"
#include "sim/roles/verifier/verifier_node.hpp"
#include "sim/roles/start_nodes.hpp"

namespace opgsim::engine {

RoleSampler verifier_signals(std::vector<const VerifierNode*> nodes);  // verifier_signals.cpp

namespace {

RoleRun start_verifier(RoleStart& start) {
  World& world = start.world;
  auto sender = std::make_shared<VerifySender>(world);  // before the nodes: they report to it
  world.provide(Service::Verify, sender.get());
  auto nodes = start_nodes<VerifierNode>(start, faults::Role::Verifier, world.directory(faults::Role::Verifier));
  std::vector<const VerifierNode*> probed;  // busy cores, read only
  for (const auto& node : *nodes) probed.push_back(node.get());
  // What the verifiers checked and caught, when the scenario has verifiers.
  RoleSummary summarize = [&world](nlohmann::json& summary) {
    if (world.scenario.roles.verifier.count == 0) return;
    analysis::output::JsonWriter v(analysis::output::summary_fields(), "verification");
    v.set("checked", world.verification_checked);
    v.set("caught_invalid", world.verification_caught);
    summary["verification"] = v.take();
  };
  return {nodes, verifier_signals(std::move(probed)), sender, std::move(summarize)};
}

}  // namespace

// The runtime entry of the verifier role (sim/roles/role_runtime.hpp).
// The fee share goes to the verifier that checked the request, if one did.
RoleRuntime verifier_role_runtime() {
  return {faults::Role::Verifier, &start_verifier, 1, [](const Request& r) -> std::int64_t {
            return r.times.verified >= 0 ? static_cast<std::int64_t>(r.checked_by) : -1;  // not the unsigned -1
          }};
}

}  // namespace opgsim::engine
