// The client actor (see client.hpp).
#include "sim/engine/client.hpp"

#include <limits>

#include "sim/engine/inbox.hpp"

namespace opgsim::engine {

using analysis::Outcome;

Client::Client(World& world, std::uint32_t index, std::unique_ptr<workload::ArrivalProcess> arrivals)
    : world_(world), index_(index), arrivals_(std::move(arrivals)) {}

void Client::operator()() {
  Inbox inbox(world_.client_mailboxes[index_]);
  workload::Arrival next;
  bool has_next = arrivals_->next(next);
  if (!has_next) --world_.clients_with_arrivals;
  while (true) {
    const double until = has_next ? next.time_s : std::numeric_limits<double>::infinity();
    Message* m = inbox.receive_until(until);
    const double now = sg4::Engine::get_clock();
    ++world_.events;
    if (m != nullptr) on_result(static_cast<Request*>(m), now);
    while (has_next && next.time_s <= now) {
      submit(next, now);
      has_next = arrivals_->next(next);
      if (!has_next) --world_.clients_with_arrivals;
    }
  }
}

void Client::submit(const workload::Arrival& a, double now) {
  Request* r = world_.pool.acquire();
  r->client = index_;
  r->class_index = a.class_index;
  r->prompt_tokens = a.prompt_tokens;
  r->output_tokens = a.output_tokens;
  r->times.submit = now;
  r->deadline = now + world_.scenario.workload.timeout_s;
  world_.metrics.on_submit(now);

  if (world_.scenario.router.placement == RouterSpec::Placement::Gateway) {
    r->kind = MessageKind::Submit;
    send(world_.router_mailbox, r, world_.prompt_bytes(*r));
    return;
  }
  const std::int64_t node = world_.router.choose();
  if (node < 0) {  // no node is up: refused on the spot
    r->times.at_node = now;
    world_.end_request(r, Outcome::Rejected, now);
    return;
  }
  world_.dispatch(r, static_cast<std::uint32_t>(node));
}

void Client::on_result(Request* r, double now) {
  r->times.result = now;
  if (now > r->deadline) {  // the answer came after the client gave up
    world_.end_request(r, Outcome::TimedOut, r->deadline);
    return;
  }
  world_.end_request(r, r->outcome, now);
}

}  // namespace opgsim::engine
