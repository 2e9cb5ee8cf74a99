// The prover node actor (see prover_node.hpp).
#include "sim/roles/prover/prover_node.hpp"

#include <algorithm>

#include "sim/engine/inbox.hpp"
#include "sim/engine/node_faults.hpp"
#include "sim/engine/node_loop.hpp"

namespace opgsim::engine {

using analysis::Outcome;

ProverNode::ProverNode(World& world, std::uint32_t index, faults::FaultTimeline faults)
    : world_(world), index_(index), pool_(world.scenario.roles.prover.provers), faults_(std::move(faults)) {
  done_.reserve(64);
}

void ProverNode::operator()() {
  serve(
      world_, directory().mailbox(index_), faults_, *this, [&] { return pool_.next_event_time(); },
      [&](double now) { finish_due(now); },
      [&](Message* m, double now) {
        if (m->kind == MessageKind::Prove) accept(static_cast<Request*>(m), now);
      },
      [] {});
}

void ProverNode::accept(Request* r, double now) {
  if (!directory().up(index_)) {  // sent before the crash was known: another prover takes it
    directory().publish_finished(index_);
    world_.send(Service::Prove, r, region());
    return;
  }
  pool_.submit(r->slot, r->prove_s * world_.scenario.roles.prover.speed_factor, now);
}

// A finished proof: the result leaves for its client from here, and its background starts.
void ProverNode::finish_due(double now) {
  done_.clear();
  pool_.advance(now, done_);
  for (std::uint32_t slot : done_) {
    Request& r = world_.pool.at(slot);
    directory().publish_finished(index_);
    r.times.proof_done = now;
    r.proved_by = index_;
    world_.respond(&r, Outcome::Completed, region());
    world_.proof_ready(&r, region());
  }
}

void ProverNode::crash(double now) {
  crash_helper_node(
      directory(), index_, now, [&](double t) { finish_due(t); },
      [&]() -> const std::vector<std::uint32_t>& {
        done_.clear();
        pool_.abort_all(done_);
        return done_;
      },
      [&](std::uint32_t slot) { world_.send(Service::Prove, &world_.pool.at(slot), region()); });
}

void ProverNode::recover() {
  directory().publish_up(index_, true);
  world_.release_held(Service::Prove);
}

}  // namespace opgsim::engine
