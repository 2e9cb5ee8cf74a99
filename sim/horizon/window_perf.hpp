// What the long-horizon mode takes from one request-level window (its summary.json), and how two
// windows at neighbouring rates are interpolated (pure). A period's traffic comes from these:
// completed = rate x period x completed_fraction, and so on.
#pragma once

#include <nlohmann/json.hpp>

namespace opgsim::horizon {

struct WindowPerf {
  double offered_rps = 0;          // summary offered_rps
  double throughput_rps = 0;       // summary throughput_rps (delivered)
  double completed_fraction = 0;   // measured.delivered / measured.submitted (1 when none was submitted)
  double latency_p50_s = 0, latency_p90_s = 0, latency_p99_s = 0, latency_max_s = 0;
  double ttft_p50_s = 0, ttft_p99_s = 0;
  double slow_fraction = -1;       // latency_s.slow / latency_s.count (-1: the window did not count them)
};

WindowPerf from_summary(const nlohmann::json& summary);
// a at weight 0, b at weight 1, each field linearly.
WindowPerf interpolate(const WindowPerf& a, const WindowPerf& b, double weight);
// The fraction of completed requests slower than tolerance_s: the window's count
// (output.slow_latency_s, which the mode sets to the users' tolerance) where it has one; else an
// estimate from the percentiles, the latency distribution taken piecewise linear between p50,
// p90, p99 and max (and 0 below p50), which overstates a heavy tail's share (kept for windows
// cached before the count existed).
double slow_fraction(const WindowPerf& p, double tolerance_s);

}  // namespace opgsim::horizon
