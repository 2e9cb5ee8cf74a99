// Faults at run time. Node faults (crash, recover, slow, malicious) belong to the nodes: each
// role's actor owns its nodes' timelines (models/faults/fault_timeline.hpp) and applies them
// itself. Region cuts and restores are the network's: one daemon actor replays them at their
// times (the world holds the network's cut state and the messages waiting at a cut).
#pragma once

#include <vector>

#include "models/faults/fault_schedule.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class FaultInjector {
public:
  // region_events: the schedule's region cuts and restores, in time order.
  FaultInjector(World& world, std::vector<faults::FaultEvent> region_events)
      : world_(world), events_(std::move(region_events)) {}
  void operator()();

private:
  World& world_;
  std::vector<faults::FaultEvent> events_;
};

// The schedule of a scenario (throws opgsim::InputError for an inconsistent one, e.g. a
// recovery of a node that is not down), computed before the run starts.
std::vector<faults::FaultEvent> fault_schedule(const Scenario& s);

}  // namespace opgsim::engine
