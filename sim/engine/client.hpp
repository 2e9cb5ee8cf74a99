// The client role: one actor per client host. It submits the requests of its arrival process
// (to the gateway router, or straight to a node when routing runs client-side) and records
// each answer: completed, rejected, or timed out when it came after the client gave up.
#pragma once

#include <cstdint>
#include <memory>

#include "models/workload/arrivals.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class Client {
public:
  Client(World& world, std::uint32_t index, std::unique_ptr<workload::ArrivalProcess> arrivals);
  void operator()();

private:
  void submit(const workload::Arrival& a, double now);
  void on_result(Request* r, double now);

  World& world_;
  std::uint32_t index_;
  std::unique_ptr<workload::ArrivalProcess> arrivals_;
};

}  // namespace opgsim::engine
