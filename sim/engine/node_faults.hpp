// How faults act on a node, in one place for every role. Each node's actor owns its fault
// timeline (models/faults/fault_timeline.hpp) and applies its due events itself, in its own
// loop; apply_node_fault says what each kind does, and crash_helper_node is the one crash ->
// reassign path the helper roles share: what is due at the crash
// instant still completes, the node goes down, and every piece of work it held goes back to the
// role's assignment (another node starts it over), so nothing is lost.
#pragma once

#include <cstdint>

#include "models/faults/fault_timeline.hpp"
#include "sim/engine/directory.hpp"

namespace opgsim::engine {

template <class Node> void apply_node_fault(Node& node, const faults::FaultEvent& e, double now) {
  using faults::FaultKind;
  switch (e.kind) {
    case FaultKind::Crash: node.crash(now); break;
    case FaultKind::Recover: node.recover(); break;
    case FaultKind::SlowStart: node.set_slowdown(e.factor, now); break;
    case FaultKind::SlowEnd: node.set_slowdown(1.0, now); break;
    case FaultKind::MaliciousStart:
      if constexpr (requires { node.set_malicious(1.0); }) node.set_malicious(e.factor);
      break;
    case FaultKind::MaliciousEnd:
      if constexpr (requires { node.set_malicious(1.0); }) node.set_malicious(0);
      break;
    default: break;  // region events are the network's (FaultInjector); the schedule admits no other
  }
}

// Crash of node `index` of a helper role (node `index` itself calls it: it writes its own entry). finish_due(now) completes what is due; abort() stops
// all the node's work and returns what it held (a range); reassign(work) hands one piece back.
template <class FinishDue, class Abort, class Reassign>
void crash_helper_node(RoleDirectory& role, std::uint32_t index, double now, FinishDue&& finish_due, Abort&& abort,
                       Reassign&& reassign) {
  if (!role.up(index)) return;
  finish_due(now);
  role.publish_up(index, false);
  for (auto work : abort()) {
    role.publish_finished(index);  // handed back: no longer this node's load
    reassign(work);
  }
}

}  // namespace opgsim::engine
