// The probe: a non-daemon actor that wakes at every window boundary to sample what is not an
// event (queue lengths, utilization per role), to show progress on a terminal, and to end the
// run: after duration_s once nothing is in flight, or at duration_s + drain_s at the latest.
// When it returns, SimGrid stops every other (daemon) actor.
#pragma once

#include <chrono>
#include <vector>

#include "sim/engine/world.hpp"

namespace opgsim::engine {

class InferenceNode;
class VerifierNode;

// What the probe reads besides the world: the nodes whose busy time it integrates (read only).
struct ProbedNodes {
  std::vector<const InferenceNode*> inference;
  std::vector<const VerifierNode*> verifiers;
};

class Probe {
public:
  Probe(World& world, ProbedNodes nodes, bool show_progress)
      : world_(world), nodes_(std::move(nodes)), show_progress_(show_progress) {}
  void operator()();

private:
  void sample(std::size_t window, double now);
  void sample_roles(analysis::RunMetrics::WindowSample& sample, double width, double now);
  void show_progress(double now, bool last);

  World& world_;
  ProbedNodes nodes_;
  bool show_progress_;
  std::vector<double> last_busy_;
  std::vector<double> last_verifier_busy_;
  std::uint64_t last_blocks_ = 0;
  double last_router_busy_ = 0;
  std::uint64_t last_preemptions_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_shown_{};
};

}  // namespace opgsim::engine
