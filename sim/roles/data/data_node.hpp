// The data role: one actor per data node. Requests whose class needs outside data come here
// from their inference node before they queue; the node serves `concurrency` fetches at once
// (FIFO beyond) and sends each request back with the data. Pull mode: a fetch takes a
// lognormal latency and its data is produced when it completes. Push mode: the node reads the
// newest value the on-chain feed has landed (push_read_s), whose age is the feed's
// (models/data/oracle_feed.hpp). A crash sends its fetches to another data node, which starts
// them over; with none up they fail.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/rng.hpp"
#include "models/faults/fault_timeline.hpp"
#include "models/service/core_pool.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class DataNode {
public:
  DataNode(World& world, std::uint32_t index, faults::FaultTimeline faults);
  void operator()();

  void crash(double now);
  void recover();
  void set_slowdown(double factor, double now) { pool_.set_speed_factor(factor, now); }
  std::size_t in_flight() const { return pool_.in_system(); }

private:
  void accept(Request* r, double now);
  void finish_due(double now);
  void reassign(Request* r);
  void reply(Request* r);
  RoleDirectory& directory() const { return world_.directory(faults::Role::Data); }
  int region() const { return directory().region(index_); }

  World& world_;
  std::uint32_t index_;
  service::CorePool pool_;
  Rng rng_;
  std::vector<std::uint32_t> done_;
  faults::FaultTimeline faults_;  // this node's own crashes, recoveries and slow spells
};

}  // namespace opgsim::engine
