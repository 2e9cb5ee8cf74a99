// The storage node actor (see storage_node.hpp).
#include "sim/roles/storage/storage_node.hpp"

#include <limits>

#include "sim/engine/inbox.hpp"
#include "sim/roles/inference/inference_node.hpp"
#include "sim/engine/node_faults.hpp"
#include "sim/engine/node_loop.hpp"

namespace opgsim::engine {

StorageNode::StorageNode(World& world, std::uint32_t index, faults::FaultTimeline faults)
    : world_(world), index_(index), store_(world.scenario.roles.storage.blob), faults_(std::move(faults)) {}

double StorageNode::next_wake() const {
  return transfers_.empty() ? std::numeric_limits<double>::infinity() : transfers_.top().done;
}

void StorageNode::operator()() {
  serve(
      world_, directory().mailbox(index_), faults_, *this, [&] { return next_wake(); },
      [&](double now) { finish_due(now); },
      [&](Message* m, double now) {
        if (m->kind == MessageKind::Store || m->kind == MessageKind::Load) accept(m, now);
      },
      [] {});
}

void StorageNode::accept(Message* m, double now) {
  if (!directory().up(index_)) {  // sent before the crash was known: another node takes it
    directory().publish_finished(index_);
    world_.send(m->kind == MessageKind::Load ? Service::LoadWeights : Service::Store, m, region());
    return;
  }
  double done = 0, uncontended = 0;
  if (m->kind == MessageKind::Load) {
    const std::uint32_t node = static_cast<LoadMessage*>(m)->node;
    done = store_.start_transfer(node, storage::Direction::Read, world_.model_bytes, now);
    uncontended = now + store_.read_s(world_.model_bytes);
  } else {
    const auto* r = static_cast<Request*>(m);
    const double blob = world_.result_bytes(*r) + r->proof_bytes;
    done = store_.start_transfer(r->node, storage::Direction::Write, blob, now);
    uncontended = now + store_.write_s(blob);
  }
  const bool capped = done > uncontended;
  capped_ += capped ? 1 : 0;
  transfers_.push({now + (done - now) * slowdown_, order_++, m, capped});
}

void StorageNode::finish_due(double now) {
  while (!transfers_.empty() && transfers_.top().done <= now) {
    const Transfer t = transfers_.top();
    transfers_.pop();
    capped_ -= t.capped ? 1 : 0;
    directory().publish_finished(index_);
    if (t.message->kind == MessageKind::Load) {
      auto* load = static_cast<LoadMessage*>(t.message);
      load->kind = MessageKind::Loaded;
      world_.post(world_.node_mailboxes[load->node], world_.node_region(load->node), region(), load,
                  world_.control_bytes());
    } else {
      auto* r = static_cast<Request*>(t.message);
      r->times.stored = t.done;
      world_.stage_done(r, lifecycle::Stage::Storage, now, region());
    }
  }
}

void StorageNode::crash(double now) {
  crash_helper_node(
      directory(), index_, now, [&](double t) { finish_due(t); },
      [&]() -> const std::vector<Message*>& {
        lost_.clear();
        for (; !transfers_.empty(); transfers_.pop()) lost_.push_back(transfers_.top().message);
        capped_ = 0;
        store_ = storage::BlobStore(world_.scenario.roles.storage.blob);  // its pipes restart empty
        return lost_;
      },
      [&](Message* m) { world_.send(m->kind == MessageKind::Load ? Service::LoadWeights : Service::Store, m, region()); });
}

void StorageNode::recover() {
  directory().publish_up(index_, true);
  world_.release_held(Service::LoadWeights);  // loads first, then stores, as they always left
  world_.release_held(Service::Store);
}

}  // namespace opgsim::engine
