// The probe actor (see probe.hpp).
#include "sim/engine/probe.hpp"

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "analysis/io/progress_line.hpp"

namespace opgsim::engine {

void Probe::operator()() {
  const Scenario& s = world_.scenario;
  const double horizon = s.duration_s + s.drain_s;
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
  if (width > 0) sample.router_utilization = (world_.router_busy_s - last_router_busy_) / width;
  last_router_busy_ = world_.router_busy_s;
  for (RoleSampler& role : samplers_) role(world_, sample, width, now);  // sim/roles/<role>/<role>_signals.cpp
  world_.metrics.on_window_sample(window, sample);
}

// One self-overwriting line on stderr, at most five times a second.
void Probe::show_progress(double now, bool last) {
  const auto wall = std::chrono::steady_clock::now();
  if (!last && wall - last_shown_ < std::chrono::milliseconds(200)) return;
  last_shown_ = wall;
  const double elapsed = std::chrono::duration<double>(wall - started_).count();
  const double horizon = world_.scenario.duration_s + world_.scenario.drain_s;
  const std::string text =
      fmt::format("  t = {:.0f} / {:.0f} s   submitted {}   done {}   in flight {}   {:.2f} M events/s", now, horizon,
                  world_.metrics.submitted(), world_.metrics.terminal(), world_.metrics.in_flight(),
                  elapsed > 0 ? static_cast<double>(world_.events) / elapsed / 1e6 : 0.0);
  std::fputs(analysis::progress_line(text).c_str(), stderr);
  if (last) fmt::print(stderr, "\n");
  std::fflush(stderr);
}

}  // namespace opgsim::engine
