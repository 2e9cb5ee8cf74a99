// The region fault actor (see fault_injector.hpp).
#include "sim/engine/fault_injector.hpp"

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "sim/engine/actor_guard.hpp"
#include "sim/scenario/node_roster.hpp"

namespace opgsim::engine {

using faults::FaultKind;

std::vector<faults::FaultEvent> fault_schedule(const Scenario& s) {
  if (s.faults.events.empty() && s.faults.processes.empty()) return {};
  try {
    return faults::build_schedule(s.faults.events, s.faults.processes, node_roster(s), s.duration_s + s.drain_s,
                                  s.seed);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", s.file, e.what()));
  }
}

// A cut or a restore acts from a host of its region (an actor started there at the event's
// time), so that the messages it releases leave from the region, as they would in the network.
void FaultInjector::operator()() {
  for (const faults::FaultEvent& e : events_) {
    sg4::this_actor::sleep_until(e.time_s);
    ++world_.events;
    int region = 0;
    while (world_.scenario.platform.regions[static_cast<std::size_t>(region)].name != e.target.region) ++region;
    World* world = &world_;
    const bool cut = e.kind == FaultKind::RegionCut;
    const std::string name = fmt::format("region-{}-{}", cut ? "cut" : "restore", region);
    sg4::Actor::create(name, world_.hosts.region_hosts[static_cast<std::size_t>(region)],
                       guarded(name, [world, region, cut] {
                         if (cut)
                           world->cut(region);
                         else
                           world->restore(region);
                       }));  // short-lived, so not a daemon (daemonizing another actor in SimGrid 3.32 killed a client)
  }
}

}  // namespace opgsim::engine
