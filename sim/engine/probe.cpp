// The probe actor (see probe.hpp).
#include "sim/engine/probe.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "sim/roles/inference/inference_node.hpp"
#include "sim/roles/role_runtime.hpp"
#include "sim/roles/validator/settlement_chain.hpp"
#include "sim/roles/verifier/verifier_node.hpp"

namespace opgsim::engine {

void Probe::operator()() {
  const Scenario& s = world_.scenario;
  const double horizon = s.duration_s + s.drain_s;
  last_busy_.assign(nodes_.inference.size(), 0.0);
  last_verifier_busy_.assign(nodes_.verifiers.size(), 0.0);
  for (std::size_t w = 0;; ++w) {
    const double boundary = std::min(static_cast<double>(w + 1) * s.output.window_s, horizon);
    sg4::this_actor::sleep_until(boundary);
    const double now = sg4::Engine::get_clock();
    sample(w, now);
    // Every arrival process (open or closed) stops at duration_s.
    const bool last = now >= horizon || (now >= s.duration_s && world_.metrics.in_flight() == 0);
    if (show_progress_) show_progress(now, last);
    if (last) return;
  }
}

void Probe::sample(std::size_t window, double now) {
  const double width = now - static_cast<double>(window) * world_.scenario.output.window_s;
  analysis::RunMetrics::WindowSample sample;
  sample.queue_length = world_.router.central().size();
  double busy = 0;
  double occupancy = 0;
  std::uint64_t preemptions = 0;
  for (std::size_t i = 0; i < nodes_.inference.size(); ++i) {
    const InferenceNode& node = *nodes_.inference[i];
    const double b = node.busy_integral(now);
    busy += b - last_busy_[i];
    last_busy_[i] = b;
    sample.queue_length += node.waiting();
    occupancy += node.occupancy();
    preemptions += node.preemptions();
  }
  const auto nodes = static_cast<double>(nodes_.inference.size());
  sample.occupancy_inference = occupancy / nodes;
  sample.preemptions = preemptions - last_preemptions_;
  last_preemptions_ = preemptions;
  if (width > 0) {
    sample.utilization[static_cast<int>(analysis::Role::Inference)] = busy / width / nodes;
    sample.utilization[static_cast<int>(analysis::Role::Router)] = (world_.router_busy_s - last_router_busy_) / width;
  }
  last_router_busy_ = world_.router_busy_s;
  sample_roles(sample, width, now);
  world_.metrics.on_window_sample(window, sample);
}

// Every role's signals (nodes up, backlogs), then what integrates over the window: verifier
// utilization and blocks.
void Probe::sample_roles(analysis::RunMetrics::WindowSample& sample, double width, double now) {
  // Each role's own signals (sim/roles/<role>/<role>_signals.cpp), from the directory.
  for (const RoleRuntime& role : role_runtimes()) role.sample(world_, sample);
  double busy = 0;
  for (std::size_t v = 0; v < nodes_.verifiers.size(); ++v) {
    const double b = nodes_.verifiers[v]->busy_core_integral(now);
    busy += b - last_verifier_busy_[v];
    last_verifier_busy_[v] = b;
  }
  if (width > 0 && !nodes_.verifiers.empty())
    sample.utilization[static_cast<int>(analysis::Role::Verifier)] =
        busy / width / (static_cast<double>(nodes_.verifiers.size()) * world_.scenario.verifier.cores);
  if (world_.chain != nullptr) {
    sample.blocks = world_.chain->blocks() - last_blocks_;
    last_blocks_ = world_.chain->blocks();
  }
}

// One self-overwriting line on stderr, at most five times a second.
void Probe::show_progress(double now, bool last) {
  const auto wall = std::chrono::steady_clock::now();
  if (!last && wall - last_shown_ < std::chrono::milliseconds(200)) return;
  last_shown_ = wall;
  const double elapsed = std::chrono::duration<double>(wall - started_).count();
  const double horizon = world_.scenario.duration_s + world_.scenario.drain_s;
  fmt::print(stderr, "\r  t = {:.0f} / {:.0f} s   submitted {}   done {}   in flight {}   {:.2f} M events/s   ", now,
             horizon, world_.metrics.submitted(), world_.metrics.terminal(), world_.metrics.in_flight(),
             elapsed > 0 ? static_cast<double>(world_.events) / elapsed / 1e6 : 0.0);
  if (last) fmt::print(stderr, "\n");
  std::fflush(stderr);
}

}  // namespace opgsim::engine
