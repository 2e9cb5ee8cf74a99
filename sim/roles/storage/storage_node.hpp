// The storage role: one actor per storage node, the off-chain blob store's entry point
// (Walrus-like, models/storage/blob_store.hpp). It writes each request's result and proof blob
// after delivery and serves the model reads of inference nodes that start cold. A transfer
// takes the blob store's latency-plus-bandwidth time, and one inference node's transfers share
// its throughput cap. A crash restarts its transfers on another storage node from byte 0; while
// none is up they wait.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

#include "models/faults/fault_timeline.hpp"
#include "models/storage/blob_store.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class StorageNode {
public:
  StorageNode(World& world, std::uint32_t index, faults::FaultTimeline faults);
  void operator()();

  void crash(double now);
  void recover();
  void set_slowdown(double factor, double /*now*/) { slowdown_ = factor; }
  std::size_t in_flight() const { return transfers_.size(); }
  // Transfers in flight that their client's throughput cap holds past their uncontended time:
  // the backlog of the blob store's bandwidth (a transfer's own latency, 10 s and more for a
  // write, is not a backlog).
  std::size_t capped() const { return capped_; }

private:
  void accept(Message* m, double now);
  void finish_due(double now);
  double next_wake() const;
  RoleDirectory& directory() const { return world_.directory(faults::Role::Storage); }
  int region() const { return directory().region(index_); }

  struct Transfer {
    double done;
    std::uint64_t order;
    Message* message;  // a Request (Store) or a LoadMessage (Load)
    bool capped;       // finishes later than its uncontended time (see capped())
    bool operator>(const Transfer& o) const { return done != o.done ? done > o.done : order > o.order; }
  };
  World& world_;
  std::uint32_t index_;
  storage::BlobStore store_;
  std::priority_queue<Transfer, std::vector<Transfer>, std::greater<>> transfers_;
  std::uint64_t order_ = 0;
  std::size_t capped_ = 0;
  double slowdown_ = 1;
  faults::FaultTimeline faults_;  // this node's own crashes, recoveries and slow spells
  std::vector<Message*> lost_;    // work a crash hands back
};

}  // namespace opgsim::engine
