// The receiving half of the one actor recipe every role follows: an actor owns one mailbox and
// a few timers, and its loop is "wait for the next message or the next timer, whichever comes
// first, then handle it". SimGrid has no such primitive, so Inbox keeps one asynchronous
// receive pending across timeouts (wait_any_for leaves it pending), and the loop never loses a
// message or creates more than one receive per message.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <simgrid/s4u.hpp>

#include "sim/engine/outbox.hpp"
#include "sim/engine/request.hpp"

namespace opgsim::engine {

namespace sg4 = simgrid::s4u;

class Inbox {
public:
  // Must be constructed by the owning actor. The mailbox gets a permanent receiver so that a
  // message's transfer starts when it is sent, not when the receiver next asks for it: without
  // this, SimGrid's rendezvous would serialize every transfer to a busy actor behind its
  // previous message and invent a bottleneck of one message per network latency.
  explicit Inbox(sg4::Mailbox* mailbox) : mailbox_(mailbox) { mailbox_->set_receiver(sg4::Actor::self()); }

  // The next message, or nullptr once simulated time reaches `until` (+inf: wait forever).
  Message* receive_until(double until) {
    outbox_.release_delivered();
    if (std::isinf(until) && !pending_) {
      // Nothing to time out: SimGrid posts the receive and waits for it in one call (a comm waited
      // on before it starts), where a pending receive costs two. The router waits like this for
      // every request it routes, and an idle node for its next one.
      Message* m = nullptr;
      mailbox_->get_init()->set_dst_data(reinterpret_cast<void**>(&m), sizeof(void*))->wait();
      Outbox::delivered(m);
      return m;
    }
    if (!pending_) {
      pending_ = mailbox_->get_async<Message>(&payload_);
      waiting_.assign(1, pending_);
    }
    if (std::isinf(until)) {
      pending_->wait();
    } else {
      const double timeout = until - sg4::Engine::get_clock();
      if (timeout <= 0 && !pending_->test()) return nullptr;
      if (timeout > 0 && sg4::Comm::wait_any_for(waiting_, timeout) < 0) return nullptr;
    }
    Outbox::delivered(payload_);
    pending_ = nullptr;
    return payload_;
  }

private:
  sg4::Mailbox* mailbox_;
  sg4::CommPtr pending_;
  std::vector<sg4::CommPtr> waiting_;
  Message* payload_ = nullptr;
  Outbox outbox_;  // the owning actor's sends (outbox.hpp)
};

// Fire-and-forget send: the payload crosses the simulated network as `bytes` bytes (outbox.hpp
// says who holds the communication).
inline void send(sg4::Mailbox* to, Message* message, double bytes) { Outbox::send(to, message, bytes); }

}  // namespace opgsim::engine
