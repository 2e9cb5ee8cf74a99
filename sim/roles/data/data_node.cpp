// The data node actor (see data_node.hpp).
#include "sim/roles/data/data_node.hpp"

#include "sim/engine/inbox.hpp"
#include "sim/engine/node_faults.hpp"
#include "sim/engine/node_loop.hpp"

namespace opgsim::engine {

DataNode::DataNode(World& world, std::uint32_t index, faults::FaultTimeline faults)
    : world_(world),
      index_(index),
      pool_(world.scenario.roles.data.concurrency),
      rng_(Rng::stream(world.scenario.seed, "data.fetch", index)),
      faults_(std::move(faults)) {
  done_.reserve(64);
}

void DataNode::operator()() {
  serve(
      world_, directory().mailbox(index_), faults_, *this, [&] { return pool_.next_event_time(); },
      [&](double now) { finish_due(now); },
      [&](Message* m, double now) {
        if (m->kind == MessageKind::Fetch) accept(static_cast<Request*>(m), now);
      },
      [] {});
}

void DataNode::accept(Request* r, double now) {
  if (!directory().up(index_)) {  // sent before the crash was known
    directory().publish_finished(index_);
    reassign(r);
    return;
  }
  const DataRoleSpec& spec = world_.scenario.roles.data;
  const double work = spec.mode == DataRoleSpec::Mode::Pull ? data::fetch_latency(spec.pull, rng_) : spec.push_read_s;
  pool_.submit(r->slot, work, now);
}

void DataNode::finish_due(double now) {
  done_.clear();
  pool_.advance(now, done_);
  for (std::uint32_t slot : done_) {
    Request& r = world_.pool.at(slot);
    directory().publish_finished(index_);
    // Pull: the value is read at the source when the fetch completes. Push: the newest value
    // landed on chain by now (the feed is queried in time order: every actor's clock is `now`).
    r.times.data_produced =
        world_.feed ? world_.feed->last_published_at(now).produced_s : now;
    reply(&r);
  }
}

// The request goes back to its inference node, with its data or with fetch_failed set.
void DataNode::reply(Request* r) {
  r->kind = MessageKind::Fetched;
  world_.post(world_.node_mailboxes[r->node], world_.node_region(r->node), region(), r,
              world_.control_bytes());
}

// Another data node starts the fetch over; with none available the request fails at its node.
void DataNode::reassign(Request* r) {
  if (world_.try_send(Service::Fetch, r, region())) return;
  r->fetch_failed = true;
  reply(r);
}

void DataNode::crash(double now) {
  crash_helper_node(
      directory(), index_, now, [&](double t) { finish_due(t); },
      [&]() -> const std::vector<std::uint32_t>& {
        done_.clear();
        pool_.abort_all(done_);
        return done_;
      },
      [&](std::uint32_t slot) { reassign(&world_.pool.at(slot)); });
}

void DataNode::recover() { directory().publish_up(index_, true); }

}  // namespace opgsim::engine
