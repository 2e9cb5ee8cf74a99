// The inference node actor (see inference_node.hpp).
#include "sim/roles/inference/inference_node.hpp"

#include <algorithm>

#include "sim/engine/node_faults.hpp"

namespace opgsim::engine {

using analysis::Outcome;
using service::ServiceEvent;

InferenceNode::InferenceNode(World& world, std::uint32_t index, std::unique_ptr<service::ServiceModel> model,
                             double front_end_s, faults::FaultTimeline faults)
    : world_(world),
      index_(index),
      model_(std::move(model)),
      front_end_s_(front_end_s),
      provers_(world.proof.zkml.provers_per_node),
      malicious_rng_(Rng::stream(world.scenario.seed, "inference.malicious", index)),
      faults_(std::move(faults)) {
  events_.reserve(64);
  proven_.reserve(16);
  // Confidential-computing mode when the node serves a tee class: with pools, a class naming the
  // node's pool's model (or none). A TEE proxy's enclave only relays: the upstream is not slowed.
  const InferenceRoleSpec& inf = world.scenario.roles.inference;
  const InferencePoolSpec* pool = nullptr;
  for (std::uint32_t p = 0, first = 0; p < inf.pools.size() && pool == nullptr; first += inf.pools[p++].count)
    if (index < first + inf.pools[p].count) pool = &inf.pools[p];
  const bool proxy = pool != nullptr && pool->service.type == service::ServiceSpec::Type::TeeProxy;
  for (const RequestClassSpec& c : world.scenario.workload.classes)
    if (c.verification == proof::VerificationMode::Tee && !proxy &&
        (pool == nullptr || c.model.empty() || c.model == pool->model))
      tee_slowdown_ = world.proof.tee.inference_slowdown;
  if (tee_slowdown_ != 1) model_->set_slowdown(tee_slowdown_, 0);
  pull_.kind = MessageKind::Pull;
  pull_.node = index;
  load_.kind = MessageKind::Load;
  load_.node = index;
}

// One load at a time: its message object is in flight or queued at a storage node until Loaded.
void InferenceNode::ask_for_model() {
  if (load_pending_) return;
  load_pending_ = true;
  world_.send(Service::LoadWeights, &load_, region());
}

// A slow node (fault) runs factor times slower on top of its confidential-computing mode.
void InferenceNode::set_slowdown(double factor, double now) {
  model_->set_slowdown(factor * tee_slowdown_, now);
  provers_.set_speed_factor(factor, now);
}

int InferenceNode::region() const { return world_.node_region(index_); }

// Its availability changed (or may have): the node writes its own directory entry, and the
// router hears of it with the region's reachability taken into account.
void InferenceNode::publish() {
  world_.nodes.publish_available(index_, available());
  world_.refresh_routable(index_);
}

void InferenceNode::start_inactive() {
  active_ = false;
  world_.nodes.publish_available(index_, available());
}

void InferenceNode::operator()() {
  Inbox inbox(world_.node_mailboxes[index_]);
  if (world_.scenario.roles.inference.cold_start) {
    loaded_ = false;
    if (active_) ask_for_model();
  }
  publish();
  while (true) {
    Message* m = inbox.receive_until(std::min(next_wake(), faults_.next_time()));
    const double now = sg4::Engine::get_clock();
    ++world_.events;
    faults_.apply_due(now, [&](const faults::FaultEvent& e) { apply_node_fault(*this, e, now); });
    if (m != nullptr) on_message(m, now);
    leave_front_end(now);
    run_model(now);
    release_proven(now);
  }
}

void InferenceNode::on_message(Message* m, double now) {
  switch (m->kind) {
    case MessageKind::Loaded:
      // A load that completes while the node is down is lost with its memory; the node asks
      // again when it recovers.
      load_pending_ = false;
      if (serving()) {
        loaded_ = true;
        publish();
      }
      return;
    case MessageKind::Control: {
      auto* c = static_cast<ControlMessage*>(m);
      set_active(c->op == ControlMessage::Op::Join, now);
      world_.free_control(c);
      return;
    }
    case MessageKind::Fetched: {
      auto* r = static_cast<Request*>(m);
      if (!serving() || r->fetch_failed) {
        world_.fail_at_node(r, region());
        return;
      }
      r->times.data_ready = now;
      enter_front_end(r, now);
      return;
    }
    default: accept(static_cast<Request*>(m), now);
  }
}

double InferenceNode::next_wake() const {
  double next = model_->next_event_time();
  if (!front_end_.empty()) next = std::min(next, front_end_.front().first);
  if (!signing_.empty()) next = std::min(next, signing_.top().ready);
  next = std::min(next, provers_.next_event_time());
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
  if (!serving()) {  // routed before the crash (or departure) was known, or in flight when it happened
    world_.fail_at_node(r, region());
    return;
  }
  const auto& limit = world_.scenario.roles.inference.queue_limit;
  const service::Job job{r->slot, r->prompt_tokens, r->output_tokens};
  if ((limit && waiting() >= *limit) || !model_->can_ever_admit(job)) {
    world_.nodes.publish_released(index_);
    report_load(r);
    world_.respond(r, Outcome::Rejected, region());
    return;
  }
  if (world_.scenario.workload.classes[r->class_index].needs_data) {
    if (!world_.try_send(Service::Fetch, r, region())) world_.fail_at_node(r, region());  // no data node can serve it
    return;
  }
  r->times.data_ready = now;
  enter_front_end(r, now);
}

void InferenceNode::enter_front_end(Request* r, double now) { front_end_.emplace_back(now + front_end_s_, r); }

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
    if (const auto expired = r->state.expired_while_waiting(now)) {  // its client gave up: no work on it
      waiting_.pop_front();
      world_.nodes.publish_released(index_);
      world_.end_request(r, *expired);
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
  const proof::ProofCost c = proof::cost(world_.proof, cls.verification, cls.model_parameters,
                                         r->times.done - r->times.started);
  r->proof_bytes = static_cast<std::uint32_t>(c.proof_bytes);
  r->verify_core_s = c.verify_core_s;
  r->challenge_s = c.challenge_window_s;
  if (c.proving_s > 0 && world_.proof.placement == proof::ProofConfig::Placement::Provers) {
    r->prove_s = c.after_inference_s();
    hand_off_to_prover(r);
  } else if (c.proving_s > 0) {
    provers_.submit(r->slot, c.after_inference_s(), r->times.done);
  } else if (c.sign_s > 0) {
    signing_.push({r->times.done + c.sign_s, signing_order_++, r});
  } else {
    finish_proof(r, r->times.done);
  }
}

void InferenceNode::release_proven(double now) {
  while (!signing_.empty() && signing_.top().ready <= now) {
    const Signing s = signing_.top();
    signing_.pop();
    finish_proof(s.request, s.ready);
  }
  proven_.clear();
  provers_.advance(now, proven_);
  for (std::uint32_t slot : proven_) finish_proof(&world_.pool.at(slot), now);
}

void InferenceNode::finish_proof(Request* r, double ready) {
  r->times.proof_done = ready;
  send_result(r);
}

void InferenceNode::crash(double now) {
  if (!up_) return;
  stop_serving(now);
  up_ = false;
  publish();
}

void InferenceNode::recover() {
  up_ = true;
  if (!loaded_ && active_) ask_for_model();
  publish();
}

// Its operator joined (the node comes online, loading its model first on a cold start) or left
// (the node goes offline: its work ends as for a crash).
void InferenceNode::set_active(bool active, double now) {
  if (active == active_) return;
  if (!active && up_) stop_serving(now);
  active_ = active;
  if (active_ && up_ && !loaded_) ask_for_model();
  publish();
}

// Crash or departure: what is due at this instant still completes, then every request on the
// node fails, and a cold-start model is lost with the node's memory.
void InferenceNode::stop_serving(double now) {
  run_model(now);
  release_proven(now);
  if (world_.scenario.roles.inference.cold_start) loaded_ = false;
  const auto fail = [&](Request* r) { world_.fail_at_node(r, region()); };
  aborted_.clear();
  model_->abort_all(aborted_);
  for (std::uint32_t slot : aborted_) fail(&world_.pool.at(slot));
  for (auto& [ready, r] : front_end_) fail(r);
  front_end_.clear();
  for (Request* r : waiting_) fail(r);
  waiting_.clear();
  for (; !signing_.empty(); signing_.pop()) fail(signing_.top().request);
  proven_.clear();
  provers_.abort_all(proven_);
  for (std::uint32_t slot : proven_) fail(&world_.pool.at(slot));
}

void InferenceNode::report_load(Request* r) const {
  if (world_.router.wants_reports()) r->reported_load = world_.router.reported_load(index_);
}

// proof.placement "provers": the node's part is over once the inference is; a prover node makes
// the proof and delivers the result.
void InferenceNode::hand_off_to_prover(Request* r) {
  release(r);  // piggyback: the prover's response carries this node's load as of the hand-off
  world_.send(Service::Prove, r, region());
  pull_from_central_queue();
}

void InferenceNode::send_result(Request* r) {
  release(r);
  world_.respond(r, Outcome::Completed, region());
  world_.proof_ready(r, region());
  pull_from_central_queue();
}

// The node's part of r is over: its router slot is free (the load rides on r for a piggyback
// view), and a malicious node decides here whether r's result is wrong.
void InferenceNode::release(Request* r) {
  world_.nodes.publish_released(index_);
  report_load(r);
  if (malicious_p_ > 0 && malicious_rng_.uniform01() < malicious_p_) r->state.mark_invalid();
}

// A node with a free slot pulls from the router's central queue (central_queue policy).
void InferenceNode::pull_from_central_queue() {
  if (world_.router.queues_centrally() && !world_.router.central().empty())
    world_.post(world_.router_mailbox, world_.hosts.router_region, region(), &pull_, world_.control_bytes());
}

}  // namespace opgsim::engine
