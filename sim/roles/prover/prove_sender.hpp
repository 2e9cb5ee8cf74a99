// The prover role's service (sim/engine/service_sender.hpp), for proof.placement "provers": a
// result to prove goes to the least loaded available prover node (its bytes cross the network),
// held while none is.
#pragma once

#include "sim/engine/world.hpp"

namespace opgsim::engine {

class ProveSender final : public RequestSender {
public:
  explicit ProveSender(World& world)
      : RequestSender(world, world.directory(faults::Role::Prover), MessageKind::Prove) {}

protected:
  double bytes(const Message& m) const override { return world_.result_bytes(static_cast<const Request&>(m)); }
};

}  // namespace opgsim::engine
