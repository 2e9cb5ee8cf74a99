// The least-loaded senders (see service_sender.hpp).
#include "sim/engine/service_sender.hpp"

#include "sim/engine/world.hpp"

namespace opgsim::engine {

bool LeastLoadedSender::try_send(Message* m, int from_region) {
  const std::int64_t k = world_.choose(directory_);
  if (k < 0) return false;
  const auto node = static_cast<std::uint32_t>(k);
  chosen(*m, node);
  world_.send_to_node(directory_, node, m, kind_, bytes(*m), from_region);
  return true;
}

bool LeastLoadedSender::can_take() { return world_.choose(directory_) >= 0; }

int RequestSender::home_region(const Message& m) const {
  return world_.node_region(static_cast<const Request&>(m).node);
}

}  // namespace opgsim::engine
