// The loop every helper-role node runs (sim/roles/<role>/): one actor recipe.
// Wait for the next message, the node's own next event (work completing) or its next fault,
// whichever comes first; then apply the due faults, complete the due work, hand the message
// over, and end the turn. The node owns everything the lambdas touch.
// Its operator's decisions arrive as ControlMessages (the economy's agents, economy_roles.cpp):
// Leave takes the node down as a crash does (its work goes back to the role's assignment, so
// nothing is lost) and keeps it down through fault recoveries; Join brings it back unless a
// fault still holds it down.
#pragma once

#include <algorithm>

#include "models/faults/fault_timeline.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/engine/node_faults.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

template <class Node, class NextEvent, class FinishDue, class OnMessage, class EndTurn>
void serve(World& world, sg4::Mailbox* mailbox, faults::FaultTimeline& faults, Node& node, NextEvent&& next_event,
           FinishDue&& finish_due, OnMessage&& on_message, EndTurn&& end_turn) {
  Inbox inbox(mailbox);
  bool left = false, crashed = false;  // its operator left; a fault crashed it
  while (true) {
    Message* m = inbox.receive_until(std::min(next_event(), faults.next_time()));
    const double now = sg4::Engine::get_clock();
    ++world.events;
    faults.apply_due(now, [&](const faults::FaultEvent& e) {
      if (e.kind == faults::FaultKind::Crash) crashed = true;
      if (e.kind == faults::FaultKind::Recover) crashed = false;
      if (e.kind == faults::FaultKind::Recover && left) return;
      apply_node_fault(node, e, now);
    });
    finish_due(now);
    if (m != nullptr && m->kind == MessageKind::Control) {
      auto* c = static_cast<ControlMessage*>(m);
      left = c->op == ControlMessage::Op::Leave;
      if (left) node.crash(now);
      else if (!crashed) node.recover();
      world.free_control(c);
    } else if (m != nullptr) {
      on_message(m, now);
    }
    end_turn();
  }
}

}  // namespace opgsim::engine
