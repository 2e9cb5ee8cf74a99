// The verifier node actor (see verifier_node.hpp).
#include "sim/roles/verifier/verifier_node.hpp"

#include "sim/engine/inbox.hpp"
#include "sim/engine/node_faults.hpp"
#include "sim/engine/node_loop.hpp"

namespace opgsim::engine {

VerifierNode::VerifierNode(World& world, std::uint32_t index, faults::FaultTimeline faults)
    : world_(world),
      index_(index),
      pool_(world.scenario.verifier.cores),
      detect_rng_(Rng::stream(world.scenario.seed, "verifier.detect", index)),
      faults_(std::move(faults)) {
  done_.reserve(64);
}

void VerifierNode::operator()() {
  serve(
      world_, world_.verifier.mailbox(index_), faults_, *this, [&] { return pool_.next_event_time(); },
      [&](double now) { finish_due(now); },
      [&](Message* m, double now) {
        if (m->kind == MessageKind::Verify) accept(static_cast<Request*>(m), now);
      },
      [&] { report(); });
}

void VerifierNode::accept(Request* r, double now) {
  world_.verifier_received(index_, *r);
  if (!world_.verifier.up(index_)) {  // sent before the crash was known: back to assignment
    world_.verifier.publish_finished(index_);
    world_.send_to_verifier(r, region());
    return;
  }
  pool_.submit(r->slot, r->verify_core_s, now);
}

void VerifierNode::finish_due(double now) {
  done_.clear();
  pool_.advance(now, done_);
  for (std::uint32_t slot : done_) {
    Request& r = world_.pool.at(slot);
    world_.verifier.publish_finished(index_);
    r.times.verified = now;
    r.verifier = index_;
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
  world_.sync_verifier_view(index_, pool_.busy(), pool_.queued_work_s());
}

void VerifierNode::crash(double now) {
  crash_helper_node(
      world_.verifier, index_, now, [&](double t) { finish_due(t); },
      [&]() -> const std::vector<std::uint32_t>& {
        report();  // the assignment sees it down before its checks come back
        done_.clear();
        pool_.abort_all(done_);
        report();
        return done_;
      },
      [&](std::uint32_t slot) { world_.send_to_verifier(&world_.pool.at(slot), region()); });
}

void VerifierNode::recover() {
  world_.verifier.publish_up(index_, true);
  report();
  world_.release_held_verification(sg4::Engine::get_clock());
}

}  // namespace opgsim::engine
