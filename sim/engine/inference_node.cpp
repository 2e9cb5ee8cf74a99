// The inference node actor (see inference_node.hpp).
#include "sim/engine/inference_node.hpp"

#include <algorithm>

namespace opgsim::engine {

using analysis::Outcome;
using service::ServiceEvent;

InferenceNode::InferenceNode(World& world, std::uint32_t index, std::unique_ptr<service::ServiceModel> model,
                             double front_end_s)
    : world_(world), index_(index), model_(std::move(model)), front_end_s_(front_end_s) {
  events_.reserve(64);
  pull_.kind = MessageKind::Pull;
  pull_.node = index;
}

void InferenceNode::operator()() {
  Inbox inbox(world_.node_mailboxes[index_]);
  while (true) {
    Message* m = inbox.receive_until(next_wake());
    const double now = sg4::Engine::get_clock();
    ++world_.events;
    if (m != nullptr) accept(static_cast<Request*>(m), now);
    leave_front_end(now);
    run_model(now);
    release_proven(now);
  }
}

double InferenceNode::next_wake() const {
  double next = model_->next_event_time();
  if (!front_end_.empty()) next = std::min(next, front_end_.front().first);
  if (!proving_.empty()) next = std::min(next, proving_.top().ready);
  return next;
}

void InferenceNode::leave_front_end(double now) {
  while (!front_end_.empty() && front_end_.front().first <= now) {
    waiting_.push_back(front_end_.front().second);
    front_end_.pop_front();
  }
}

void InferenceNode::accept(Request* r, double now) {
  r->times.at_node = now;
  if (!up_) {  // routed before the crash was known, or in flight when it happened
    world_.router.on_released(index_);
    world_.respond(r, Outcome::Failed);
    return;
  }
  const auto& limit = world_.scenario.inference.queue_limit;
  const service::Job job{r->slot, r->prompt_tokens, r->output_tokens};
  if ((limit && waiting() >= *limit) || !model_->can_ever_admit(job)) {
    world_.router.on_released(index_);
    world_.respond(r, Outcome::Rejected);
    return;
  }
  front_end_.emplace_back(now + front_end_s_, r);
}

// Alternates between collecting the model's events and admitting waiting requests until
// neither changes anything at this instant (a completion frees room for an admission, whose
// start is itself an event at the same time).
void InferenceNode::run_model(double now) {
  do {
    events_.clear();
    model_->advance(now, events_);
    for (const ServiceEvent& e : events_) {
      Request& r = world_.pool.at(e.id);
      switch (e.kind) {
        case ServiceEvent::Kind::Started: r.times.started = e.time; break;
        case ServiceEvent::Kind::FirstToken: r.times.first_token = e.time; break;
        case ServiceEvent::Kind::Done: r.times.done = e.time; on_done(&r); break;
      }
    }
  } while (admit_waiting(now));
}

bool InferenceNode::admit_waiting(double now) {
  bool admitted = false;
  while (!waiting_.empty()) {
    Request* r = waiting_.front();
    if (now >= r->deadline) {  // its client gave up while it waited: do not spend work on it
      waiting_.pop_front();
      world_.router.on_released(index_);
      world_.expire_if_late(r, now);
      continue;
    }
    const service::Job job{r->slot, r->prompt_tokens, r->output_tokens};
    if (!model_->can_admit(job)) break;
    model_->admit(job, now);
    waiting_.pop_front();
    admitted = true;
  }
  return admitted;
}

// The inference is over and its slot is free; the result leaves once its proof is ready.
void InferenceNode::on_done(Request* r) {
  const RequestClassSpec& cls = world_.scenario.workload.classes[r->class_index];
  const double extra_s = proof::cost(world_.proof, cls.verification, cls.model_parameters,
                                     r->times.done - r->times.started)
                             .node_extra_s();
  if (extra_s > 0) {
    proving_.push({r->times.done + extra_s, proving_order_++, r});
  } else {
    r->times.proof_done = r->times.done;
    send_result(r);
  }
}

void InferenceNode::release_proven(double now) {
  while (!proving_.empty() && proving_.top().ready <= now) {
    Request* r = proving_.top().request;
    r->times.proof_done = proving_.top().ready;
    proving_.pop();
    send_result(r);
  }
}

void InferenceNode::crash(double now) {
  if (!up_) return;
  run_model(now);  // what is due at this instant still completes
  up_ = false;
  world_.router.set_up(index_, false);
  const auto fail = [&](Request* r) {
    world_.router.on_released(index_);
    world_.respond(r, Outcome::Failed);
  };
  aborted_.clear();
  model_->abort_all(aborted_);
  for (std::uint32_t slot : aborted_) fail(&world_.pool.at(slot));
  for (auto& [ready, r] : front_end_) fail(r);
  front_end_.clear();
  for (Request* r : waiting_) fail(r);
  waiting_.clear();
  for (; !proving_.empty(); proving_.pop()) fail(proving_.top().request);
}

void InferenceNode::recover() {
  up_ = true;
  world_.router.set_up(index_, true);
}

void InferenceNode::send_result(Request* r) {
  world_.router.on_released(index_);
  world_.respond(r, Outcome::Completed);
  // A node with a free slot pulls from the router's central queue (central_queue policy).
  if (world_.router.queues_centrally() && !world_.router.central().empty())
    send(world_.router_mailbox, &pull_, world_.control_bytes());
}

}  // namespace opgsim::engine
