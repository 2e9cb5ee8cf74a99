// Applies the run's fault schedule (models/faults: listed faults plus random processes, merged
// and validated) to the nodes at the faults' times. One daemon actor for the whole run.
#pragma once

#include <vector>

#include "models/faults/fault_schedule.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class FaultInjector {
public:
  FaultInjector(World& world, std::vector<faults::FaultEvent> schedule)
      : world_(world), schedule_(std::move(schedule)) {}
  void operator()();

private:
  World& world_;
  std::vector<faults::FaultEvent> schedule_;  // in time order
};

// The schedule of a scenario (throws opgsim::InputError for an inconsistent one, e.g. a
// recovery of a node that is not down), computed before the run starts.
std::vector<faults::FaultEvent> fault_schedule(const Scenario& s);

}  // namespace opgsim::engine
