// The router role in gateway placement: one actor on its own host. Requests come to it, it
// spends decision_s per decision (one at a time, so a slow router is a bottleneck of its own),
// and forwards each to the node the policy picks; under central_queue it holds the FIFO that
// nodes pull from.
#pragma once

#include "sim/engine/world.hpp"

namespace opgsim::engine {

class GatewayRouter {
public:
  explicit GatewayRouter(World& world) : world_(world) {}
  void operator()();

private:
  void route(Request* r, double now);
  void drain_central_queue(double now);

  World& world_;
};

}  // namespace opgsim::engine
