// The sending half of the actor recipe (inbox.hpp has the receiving half): every message crosses
// the simulated network as one SimGrid communication, and how that communication is owned decides
// what it costs SimGrid 3.32.
//
// A detached send (fire and forget) sits in one list of the whole simulation (the maestro's
// activities) until its transfer ends, and SimGrid 3.32 removes it from that std::list by a full
// scan: every completion costs one step per detached message in flight anywhere. The 1,000-node
// full pipeline (about 3,000 messages crossing 80 ms links at once) spent a third of its time
// there (results/bench.md; SimGrid 3.33 made the list a std::set). So while more than
// kDetachedInFlight messages are in flight, an actor with an Inbox sends a communication it holds
// instead: it sits in that actor's own short list, and the actor releases it (one wait on the
// finished transfer) once the receiving Inbox has taken the message, just before the actor next
// blocks. The transfer is the same network action either way, so every message arrives at the same
// time; only the order in which SimGrid runs actors woken at the same instant can differ (each
// release is one more scheduling step for the sender). Below the threshold nothing changes, which
// keeps every run that small byte-identical to before. Actors without an Inbox (short-lived relays,
// the economy's loop) always send detached: they send little, and a held communication would be
// cancelled when its actor ends.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include <simgrid/s4u.hpp>

#include "sim/engine/request.hpp"

namespace opgsim::engine {

namespace sg4 = simgrid::s4u;

class Outbox {
public:
  // Messages in flight (sent, not yet taken by an Inbox) up to which every send stays detached:
  // a scan of 256 costs little, and the shipped scenarios stay below it (at most 142 measured) but
  // for region-outage.json (5,488 while a region is cut off; its outputs stay byte-identical too).
  static constexpr std::int64_t kDetachedInFlight = 256;

  // Registers the calling actor's outbox: from now on its sends may be held.
  Outbox();
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Sends `message` as `bytes` bytes from the calling actor: held if the actor has an outbox and
  // more than kDetachedInFlight messages are in flight, detached otherwise.
  static void send(sg4::Mailbox* to, Message* message, double bytes);
  // The receiving side took `message` (an Inbox's receive): its sender may release it. A message is
  // in flight once at a time (its receiver owns it until it sends it on), so it names its send.
  static void delivered(const Message* message);
  // Releases this actor's delivered sends (one SimGrid call each); call before blocking.
  void release_delivered();
  // Forgets every send still held (the run is over; call while the engine exists).
  static void end_of_run();

private:
  struct Sent {
    sg4::CommPtr comm;
    long owner;  // the sending actor's id
  };
  static std::vector<Outbox*>& by_actor();
  static std::unordered_map<const Message*, Sent>& in_flight();

  long actor_;
  std::vector<sg4::CommPtr> delivered_;
};

}  // namespace opgsim::engine
