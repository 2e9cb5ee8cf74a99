// The data role's service (sim/engine/service_sender.hpp): a fetch goes to the least loaded
// available data node as a request for the data, headers only. Nothing is held: with no data
// node available the inference node fails the request (try_send answers false).
#pragma once

#include "sim/engine/world.hpp"

namespace opgsim::engine {

class FetchSender final : public RequestSender {
public:
  explicit FetchSender(World& world)
      : RequestSender(world, world.directory(faults::Role::Data), MessageKind::Fetch) {}

protected:
  double bytes(const Message&) const override { return world_.control_bytes(); }
};

}  // namespace opgsim::engine
