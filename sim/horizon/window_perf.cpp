// A window's performance (see window_perf.hpp).
#include "sim/horizon/window_perf.hpp"

#include <algorithm>

namespace opgsim::horizon {

WindowPerf from_summary(const nlohmann::json& s) {
  WindowPerf p;
  p.offered_rps = s.value("offered_rps", 0.0);
  p.throughput_rps = s.value("throughput_rps", 0.0);
  const double submitted = s["measured"].value("submitted", 0.0);
  // What users got: delivered (answered, whether or not its background stages had settled when the
  // window stopped), not completed, so a window too short for settlement does not read as lost
  // requests. (Summaries written before `delivered` existed: completed.)
  const double answered = s["measured"].value("delivered", s["measured"].value("completed", 0.0));
  p.completed_fraction = submitted > 0 ? answered / submitted : 1.0;
  const nlohmann::json& lat = s["latency_s"];
  p.latency_p50_s = lat.value("p50", 0.0);
  p.latency_p90_s = lat.value("p90", 0.0);
  p.latency_p99_s = lat.value("p99", 0.0);
  p.latency_max_s = lat.value("max", 0.0);
  if (lat.contains("slow") && lat.value("count", 0.0) > 0) p.slow_fraction = lat["slow"].get<double>() / lat["count"].get<double>();
  else if (lat.contains("slow")) p.slow_fraction = 0;
  if (s.contains("ttft_s")) {
    p.ttft_p50_s = s["ttft_s"].value("p50", 0.0);
    p.ttft_p99_s = s["ttft_s"].value("p99", 0.0);
  }
  return p;
}

WindowPerf interpolate(const WindowPerf& a, const WindowPerf& b, double w) {
  const auto mix = [w](double x, double y) { return x + w * (y - x); };
  return {mix(a.offered_rps, b.offered_rps),       mix(a.throughput_rps, b.throughput_rps),
          mix(a.completed_fraction, b.completed_fraction), mix(a.latency_p50_s, b.latency_p50_s),
          mix(a.latency_p90_s, b.latency_p90_s),   mix(a.latency_p99_s, b.latency_p99_s),
          mix(a.latency_max_s, b.latency_max_s),   mix(a.ttft_p50_s, b.ttft_p50_s),
          mix(a.ttft_p99_s, b.ttft_p99_s),
          a.slow_fraction >= 0 && b.slow_fraction >= 0 ? mix(a.slow_fraction, b.slow_fraction) : -1};
}

double slow_fraction(const WindowPerf& p, double tol) {
  if (p.slow_fraction >= 0) return p.slow_fraction;
  // (latency, fraction slower) knots, decreasing fraction.
  const double knots[][2] = {{0, 1}, {p.latency_p50_s, 0.5}, {p.latency_p90_s, 0.1}, {p.latency_p99_s, 0.01},
                             {p.latency_max_s, 0}};
  if (tol >= p.latency_max_s) return 0;
  for (int i = 1; i < 5; ++i) {
    if (tol >= knots[i][0]) continue;
    const double x0 = knots[i - 1][0], x1 = knots[i][0];
    const double f0 = knots[i - 1][1], f1 = knots[i][1];
    return x1 > x0 ? f0 + (tol - x0) / (x1 - x0) * (f1 - f0) : f1;
  }
  return 0;
}

}  // namespace opgsim::horizon
