// The client actor (see client.hpp).
#include "sim/engine/client.hpp"

#include <limits>

#include "sim/engine/economy.hpp"
#include "sim/engine/inbox.hpp"

namespace opgsim::engine {

using analysis::Outcome;

Client::Client(World& world, std::uint32_t index, std::unique_ptr<workload::ArrivalProcess> arrivals)
    : world_(world), index_(index), arrivals_(std::move(arrivals)) {
  has_next_ = arrivals_->next(next_);
}

Client::Client(World& world, std::uint32_t index, std::unique_ptr<workload::ClosedLoop> users)
    : world_(world), index_(index), users_(std::move(users)) {}

Client::Client(World& world, std::uint32_t index, std::unique_ptr<workload::DynamicPoisson> users)
    : world_(world),
      index_(index),
      population_(users.get()),
      cohort_rng_(Rng::stream(world.scenario.seed, "client.cohort", index)) {
  population_->set_rate(world.economy->rate_per_client(), 0);
  arrivals_ = std::move(users);
  has_next_ = arrivals_->next(next_);
}

void Client::operator()() {
  Inbox inbox(world_.client_mailboxes[index_]);
  while (true) {
    Message* m = inbox.receive_until(next_due());
    const double now = sg4::Engine::get_clock();
    ++world_.events;
    if (m != nullptr && m->kind == MessageKind::Wake) {  // the economy changed the users' rate
      if (population_ != nullptr) {
        population_->set_rate(world_.economy->rate_per_client(), now);
        has_next_ = arrivals_->next(next_);
      }
    } else if (m != nullptr) {
      on_result(static_cast<Request::ResultEnvelope*>(m)->request, now);
    }
    submit_due(now);
  }
}

double Client::next_due() {
  if (users_) return users_->next_time();
  return has_next_ ? next_.time_s : std::numeric_limits<double>::infinity();
}

void Client::submit_due(double now) {
  if (users_) {
    workload::Arrival a;
    std::uint32_t user = 0;
    while (users_->pop_submission(now, a, user)) submit(a, user, now);
    return;
  }
  while (has_next_ && next_.time_s <= now) {
    submit(next_, 0, now);
    has_next_ = arrivals_->next(next_);
  }
}

void Client::submit(const workload::Arrival& a, std::uint32_t user, double now) {
  // Every user left: an arrival drawn at the old rate before the economy's wake arrived is void.
  if (population_ != nullptr && !world_.economy->any_user()) return;
  Request* r = world_.pool.acquire();
  r->client = index_;
  r->user = user;
  r->class_index = a.class_index;
  r->prompt_tokens = a.prompt_tokens;
  r->output_tokens = a.output_tokens;
  r->times.submit = now;
  if (population_ != nullptr) r->cohort = world_.economy->pick_cohort(cohort_rng_);
  r->state = lifecycle::RequestState(lifecycle::Deadline{now + world_.scenario.workload.timeout_s});
  world_.metrics.on_submit(now);
  if (users_) users_->on_submitted(user, r->deadline());

  if (world_.scenario.router.placement == RouterSpec::Placement::Gateway) {
    r->kind = MessageKind::Submit;
    world_.post(world_.router_mailbox, world_.hosts.router_region, world_.hosts.client_region[index_], r,
                world_.prompt_bytes(*r));
    return;
  }
  // Client placement: the client is its own gateway, so the x402 handshake happens here.
  const bool paid = world_.economy == nullptr || world_.economy->authorize_payment(*r, now);
  const std::int64_t node = paid ? world_.router.choose(now, r->class_index) : -1;
  if (node < 0) {  // no node is up, or the payment check failed: refused on the spot
    r->times.at_node = now;
    r->answer = Outcome::Rejected;
    on_answered(*r, now);
    world_.end_request(r, {Outcome::Rejected, now});
    return;
  }
  world_.dispatch(r, static_cast<std::uint32_t>(node), world_.hosts.client_region[index_]);
}

// The lifecycle decides whether this ends r: it does unless r's background path is still
// running.
void Client::on_result(Request* r, double now) {
  if (r->reported_load >= 0) {  // piggyback view: the router hears the node's load as the response arrives
    world_.router.on_report(r->node, static_cast<std::uint32_t>(r->reported_load));
    r->reported_load = -1;
  }
  r->times.result = now;
  const bool in_time = !r->state.deadline().late(now);
  if (in_time) on_answered(*r, now);  // a late answer: the user had given up
  if (world_.economy != nullptr) world_.economy->on_answer(*r, now, in_time);  // x402: the charge
  world_.answer_received(r, now);
}

// A closed-loop user whose request was answered (or refused) thinks, then sends the next one.
void Client::on_answered(const Request& r, double now) {
  if (users_) users_->on_ended(r.user, now, r.answer == Outcome::Completed);
}

}  // namespace opgsim::engine
