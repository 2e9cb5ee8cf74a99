// The probe: a non-daemon actor that wakes at every window boundary to sample what is not an
// event (the router's busy time, then every role's signals through the samplers the role
// registry gave it: queue lengths, utilization, nodes up, backlogs), to show progress on a
// terminal, and to end the run: after duration_s once nothing is in flight, or at duration_s + drain_s at the latest.
// When it returns, SimGrid stops every other (daemon) actor.
#pragma once

#include <chrono>
#include <vector>

#include "sim/engine/world.hpp"
#include "sim/roles/role_runtime.hpp"

namespace opgsim::engine {

class Probe {
public:
  // samplers: every role's window signals (sim/roles/role_runtime.hpp), in registry order.
  Probe(World& world, std::vector<RoleSampler> samplers, bool show_progress)
      : world_(world), samplers_(std::move(samplers)), show_progress_(show_progress) {}
  void operator()();

private:
  void sample(std::size_t window, double now);
  void show_progress(double now, bool last);

  World& world_;
  std::vector<RoleSampler> samplers_;
  bool show_progress_;
  double last_router_busy_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_shown_{};
};

}  // namespace opgsim::engine
