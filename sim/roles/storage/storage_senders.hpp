// The storage role's two services (sim/engine/service_sender.hpp), both to the least loaded
// available storage node and held while none is up:
//   - store: a result's blob is written off-chain. The blob's bytes are charged by the blob-store
//     model (models/storage): the message is the request to store it, headers only, so the
//     upload is not counted twice;
//   - load weights: a cold inference node reads its model's weights, with its own load message.
// When a storage node comes back, held loads leave before held stores (World releases services
// in service order; the node's recover does the same).
#pragma once

#include "sim/engine/world.hpp"

namespace opgsim::engine {

class StoreSender final : public RequestSender {
public:
  explicit StoreSender(World& world)
      : RequestSender(world, world.directory(faults::Role::Storage), MessageKind::Store) {}

protected:
  double bytes(const Message&) const override { return world_.control_bytes(); }
};

class LoadWeightsSender final : public LeastLoadedSender {
public:
  explicit LoadWeightsSender(World& world)
      : LeastLoadedSender(world, world.directory(faults::Role::Storage), MessageKind::Load) {}

protected:
  void chosen(Message& m, std::uint32_t node) override { static_cast<LoadMessage&>(m).server = node; }
  double bytes(const Message&) const override { return world_.control_bytes(); }
  int home_region(const Message& m) const override {
    return world_.node_region(static_cast<const LoadMessage&>(m).node);
  }
};

struct StorageSenders {
  explicit StorageSenders(World& world) : load(world), store(world) {}
  LoadWeightsSender load;
  StoreSender store;
};

}  // namespace opgsim::engine
