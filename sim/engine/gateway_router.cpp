// The gateway router actor (see gateway_router.hpp).
#include "sim/engine/gateway_router.hpp"

#include <limits>

#include "sim/engine/economy.hpp"
#include "sim/engine/inbox.hpp"

namespace opgsim::engine {

using analysis::Outcome;

void GatewayRouter::operator()() {
  Inbox inbox(world_.router_mailbox);
  const double decision_s = world_.scenario.router.decision_s;
  while (true) {
    Message* m = inbox.receive_until(std::numeric_limits<double>::infinity());
    ++world_.events;
    if (m->kind == MessageKind::Pull) {
      drain_central_queue(sg4::Engine::get_clock());
      continue;
    }
    if (decision_s > 0) {
      sg4::this_actor::sleep_for(decision_s);
      world_.router_busy_s += decision_s;
    }
    route(static_cast<Request*>(m), sg4::Engine::get_clock());
  }
}

void GatewayRouter::route(Request* r, double now) {
  // The pay stage: the x402 handshake before anything runs (a refused request ends rejected).
  if (world_.economy != nullptr && !world_.economy->authorize_payment(*r, now)) {
    r->times.at_node = now;
    world_.respond(r, Outcome::Rejected, world_.hosts.router_region);
    return;
  }
  RouterCore& core = world_.router;
  if (core.queues_centrally() && !core.central().empty()) {
    // Others are already waiting: first come, first served.
    if (!core.central_full()) {
      r->enqueued_at = now;
      core.central().push_back(r);
      drain_central_queue(now);
      return;
    }
    r->times.at_node = now;
    world_.respond(r, Outcome::Rejected, world_.hosts.router_region);
    return;
  }
  const std::int64_t node = core.choose(now, r->class_index);
  if (node >= 0) {
    world_.dispatch(r, static_cast<std::uint32_t>(node), world_.hosts.router_region);
    return;
  }
  if (node == policy::kQueueCentrally && !core.central_full()) {
    r->enqueued_at = now;
    core.central().push_back(r);
    return;
  }
  r->times.at_node = now;  // refused here: no node up, or the central queue is full
  world_.respond(r, Outcome::Rejected, world_.hosts.router_region);
}

// Hands queued requests to nodes with a free slot, oldest first.
void GatewayRouter::drain_central_queue(double now) {
  RouterCore& core = world_.router;
  auto& queue = core.central();
  while (!queue.empty()) {
    Request* r = queue.front();
    if (const auto expired = r->state.expired_while_waiting(now)) {
      queue.pop_front();
      world_.end_request(r, *expired);
      continue;
    }
    const std::int64_t node = core.choose(now, r->class_index);
    if (node < 0) return;
    queue.pop_front();
    r->times.central_wait += now - r->enqueued_at;
    world_.dispatch(r, static_cast<std::uint32_t>(node), world_.hosts.router_region);
  }
}

}  // namespace opgsim::engine
