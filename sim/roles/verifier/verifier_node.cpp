// The verifier node actor (see verifier_node.hpp).
#include "sim/roles/verifier/verifier_node.hpp"

#include "sim/engine/inbox.hpp"
#include "sim/engine/node_faults.hpp"
#include "sim/engine/node_loop.hpp"

namespace opgsim::engine {

VerifierNode::VerifierNode(World& world, std::uint32_t index, faults::FaultTimeline faults)
    : world_(world),
      sender_(static_cast<VerifySender&>(world.sender(Service::Verify))),
      index_(index),
      pool_(world.scenario.roles.verifier.cores),
      detect_rng_(Rng::stream(world.scenario.seed, "verifier.detect", index)),
      faults_(std::move(faults)) {
  done_.reserve(64);
}

void VerifierNode::operator()() {
  serve(
      world_, directory().mailbox(index_), faults_, *this, [&] { return pool_.next_event_time(); },
      [&](double now) { finish_due(now); },
      [&](Message* m, double now) {
        if (m->kind == MessageKind::Verify) accept(static_cast<Request*>(m), now);
      },
      [&] { report(); });
}

void VerifierNode::accept(Request* r, double now) {
  sender_.received(index_, *r);
  if (!directory().up(index_)) {  // sent before the crash was known: back to assignment
    directory().publish_finished(index_);
    world_.send(Service::Verify, r, region());
    return;
  }
  pool_.submit(r->slot, r->verify_core_s, now);
}

void VerifierNode::finish_due(double now) {
  done_.clear();
  pool_.advance(now, done_);
  for (std::uint32_t slot : done_) {
    Request& r = world_.pool.at(slot);
    directory().publish_finished(index_);
    r.times.verified = now;
    r.checked_by = index_;
    ++world_.verification_checked;
    const auto mode = world_.scenario.workload.classes[r.class_index].verification;
    if (r.state.invalid() && detect_rng_.uniform01() < proof::detection_probability(world_.proof, mode)) {
      r.state.mark_caught();
      ++world_.verification_caught;
    }
    world_.stage_done(&r, lifecycle::Stage::Verify, now, region());
  }
}

void VerifierNode::report() {
  sender_.publish(index_, pool_.busy(), pool_.queued_work_s());
}

void VerifierNode::crash(double now) {
  crash_helper_node(
      directory(), index_, now, [&](double t) { finish_due(t); },
      [&]() -> const std::vector<std::uint32_t>& {
        report();  // the assignment sees it down before its checks come back
        done_.clear();
        pool_.abort_all(done_);
        report();
        return done_;
      },
      [&](std::uint32_t slot) { world_.send(Service::Verify, &world_.pool.at(slot), region()); });
}

void VerifierNode::recover() {
  directory().publish_up(index_, true);
  report();
  world_.release_held(Service::Verify);
}

}  // namespace opgsim::engine
