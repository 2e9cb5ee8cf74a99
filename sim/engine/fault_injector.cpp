// The fault injector actor (see fault_injector.hpp).
#include "sim/engine/fault_injector.hpp"

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "sim/engine/inference_node.hpp"

namespace opgsim::engine {

std::vector<faults::FaultEvent> fault_schedule(const Scenario& s) {
  if (s.faults.events.empty() && s.faults.processes.empty()) return {};
  std::vector<faults::NodeRef> roster;
  const auto& regions = s.inference.regions;
  for (std::uint32_t i = 0; i < s.inference.count; ++i)
    roster.push_back({faults::Role::Inference, i, regions[i % regions.size()]});
  try {
    return faults::build_schedule(s.faults.events, s.faults.processes, roster, s.duration_s + s.drain_s, s.seed);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", s.file, e.what()));
  }
}

void FaultInjector::operator()() {
  for (const faults::FaultEvent& e : schedule_) {
    sg4::this_actor::sleep_until(e.time_s);
    ++world_.events;
    InferenceNode& node = *world_.nodes[e.target.index];
    // Act from the node's own host, so that the failure notices it sends leave from there.
    sg4::this_actor::set_host(world_.hosts.inference[e.target.index]);
    if (e.kind == faults::FaultKind::Crash) node.crash(sg4::Engine::get_clock());
    if (e.kind == faults::FaultKind::Recover) node.recover();
  }
}

}  // namespace opgsim::engine
