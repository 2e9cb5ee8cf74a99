// The loop every helper-role node runs (sim/roles/<role>/): one actor recipe.
// Wait for the next message, the node's own next event (work completing) or its next fault,
// whichever comes first; then apply the due faults, complete the due work, hand the message
// over, and end the turn. The node owns everything the lambdas touch.
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
  while (true) {
    Message* m = inbox.receive_until(std::min(next_event(), faults.next_time()));
    const double now = sg4::Engine::get_clock();
    ++world.events;
    faults.apply_due(now, [&](const faults::FaultEvent& e) { apply_node_fault(node, e, now); });
    finish_due(now);
    if (m != nullptr) on_message(m, now);
    end_turn();
  }
}

}  // namespace opgsim::engine
