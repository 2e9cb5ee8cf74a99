// The client role: one actor per client host. It submits requests, open loop from its arrival
// process or closed loop for its users (each user's next request waits for the previous one to
// end), to the gateway router or straight to a node when routing runs client-side, and records
// each answer: completed, rejected, or timed out when it came after the client gave up. With
// the economy's users it sends at the rate the user population sets each epoch, each request
// from a cohort drawn by active users.
#pragma once

#include <cstdint>
#include <memory>

#include "models/workload/arrivals.hpp"
#include "models/workload/closed_loop.hpp"
#include "models/workload/dynamic_poisson.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class Client {
public:
  // Open loop.
  Client(World& world, std::uint32_t index, std::unique_ptr<workload::ArrivalProcess> arrivals);
  // Closed loop.
  Client(World& world, std::uint32_t index, std::unique_ptr<workload::ClosedLoop> users);
  // The economy's users: open loop at a rate the economy sets every epoch (it wakes the client).
  Client(World& world, std::uint32_t index, std::unique_ptr<workload::DynamicPoisson> users);
  void operator()();

private:
  double next_due();
  void submit_due(double now);
  void submit(const workload::Arrival& a, std::uint32_t user, double now);
  void on_result(Request* r, double now);
  void on_answered(const Request& r, double now);

  World& world_;
  std::uint32_t index_;
  std::unique_ptr<workload::ArrivalProcess> arrivals_;
  workload::Arrival next_{};
  bool has_next_ = false;
  std::unique_ptr<workload::ClosedLoop> users_;
  workload::DynamicPoisson* population_ = nullptr;  // arrivals_ when the economy drives them
  Rng cohort_rng_;
};

}  // namespace opgsim::engine
