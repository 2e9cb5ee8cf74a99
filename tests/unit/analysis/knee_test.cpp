// Unit tests for analysis/knee on synthetic load curves: throughput that follows then flattens,
// an SLO-only knee, attribution to the earliest resource crossing, ties, and no knee.
#include "analysis/knee.hpp"

#include <doctest/doctest.h>

#include "sim/roles/role_registry.hpp"

#include <algorithm>
#include <string>
#include <vector>

using namespace opgsim::analysis;

namespace {

// The role registry's rules (each role declares them next to its signals).
const std::span<const RoleSignals> kRoles = opgsim::role_signals();

// Offered 10, 20, 40, ... ; throughput follows up to `capacity`, then stays there.
std::vector<LoadPoint> curve(int n, double capacity) {
  std::vector<LoadPoint> pts;
  double rate = 10;
  for (int i = 0; i < n; ++i, rate *= 2) {
    LoadPoint p;
    p.offered_rps = rate;
    p.throughput_rps = std::min(rate, capacity);
    p.values["latency_s.p99"] = 1.0 + i;
    pts.push_back(p);
  }
  return pts;
}

}  // namespace

TEST_CASE("knee where throughput flattens") {
  const auto pts = curve(6, 100);  // 10 20 40 80 160 320: 160 serves 100 = 62.5 %
  const Knee k = find_knee(pts, {}, kRoles);
  CHECK(k.found);
  CHECK(k.index == 4);
  CHECK(k.offered_rps == 160);
  CHECK(k.reason == "throughput stops following the offered load (62.5% of it)");
  CHECK(k.resource == "unknown");
  CHECK(k.evidence == "no resource signal crossed its threshold");
  CHECK(format_knee(k, pts) ==
        "knee at 160 requests/s (point 5 of 6): throughput stops following the offered load (62.5% of it)\n"
        "last good point: 80 requests/s offered, 80 requests/s served\n"
        "broke first: unknown\n"
        "evidence: no resource signal crossed its threshold");
}

TEST_CASE("knee follow_ratio decides how much shortfall counts") {
  auto pts = curve(4, 1000);
  pts[2].throughput_rps = 0.96 * pts[2].offered_rps;  // within 95 %
  pts[3].throughput_rps = 0.90 * pts[3].offered_rps;
  CHECK(find_knee(pts, {}, kRoles).index == 3);
  CHECK(find_knee(pts, {}, kRoles, 0.97).index == 2);
  CHECK_FALSE(find_knee(pts, {}, kRoles, 0.5).found);
}

TEST_CASE("knee from the SLO alone") {
  const auto pts = curve(6, 1e9);  // throughput always follows; p99 = 1 + i
  const Knee k = find_knee(pts, {parse_slo("latency_s.p99<=3.5")}, kRoles);
  CHECK(k.found);
  CHECK(k.index == 3);
  CHECK(k.offered_rps == 80);
  CHECK(k.reason == "latency_s.p99 = 4 > 3.5");

  // Both reasons at once; and an absent SLO path fails at the first point.
  const auto flat = curve(6, 100);
  CHECK(find_knee(flat, {parse_slo("latency_s.p99<=4.5")}, kRoles).reason ==
        "throughput stops following the offered load (62.5% of it); latency_s.p99 = 5 > 4.5");
  const Knee absent = find_knee(pts, {parse_slo("finality_s.p99<=60")}, kRoles);
  CHECK(absent.index == 0);
  CHECK(absent.reason == "finality_s.p99 is absent (needs <= 60)");
  // SLO paths reach the point's own fields.
  CHECK(find_knee(pts, {parse_slo("offered_rps<=50")}, kRoles).index == 3);
}

TEST_CASE("knee blames the resource whose signal crossed first") {
  auto pts = curve(6, 100);  // knee at index 4
  const double queue[] = {0.5, 0.6, 1, 4, 50, 900};        // crosses 10 x 0.5 + 1 = 6 at index 4
  const double backlog[] = {2, 3, 5, 400, 9000, 20000};    // crosses 10 x 2 + 100 = 120 at index 3
  for (std::size_t i = 0; i < pts.size(); ++i) {
    pts[i].values["signals.verifier_backlog.max"] = backlog[i];
    pts[i].values["signals.queue_length.mean"] = queue[i];
  }
  const Knee k = find_knee(pts, {}, kRoles);
  CHECK(k.index == 4);
  CHECK(k.resource == "verifier backlog");
  CHECK(k.evidence ==
        "signals.verifier_backlog.max > 10 x first + 100 = 120: 2 at 10 req/s (first), 5 at 40 req/s, "
        "400 at 80 req/s (crossed), 9000 at 160 req/s (knee)");
  const std::string report = format_knee(k, pts);
  CHECK(report.find("broke first: verifier backlog") != std::string::npos);

  SUBCASE("a later crossing does not count past the knee") {
    for (auto& p : pts) p.values.erase("signals.verifier_backlog.max");
    pts[5].values["signals.preemptions.max"] = 3;  // KV cache, but after the knee
    const Knee g = find_knee(pts, {}, kRoles);
    CHECK(g.resource == "GPU queue");
    CHECK(g.evidence == "signals.queue_length.mean > 10 x first + 1 = 6: 0.5 at 10 req/s (first), 4 at 80 req/s, "
                        "50 at 160 req/s (crossed, knee)");
  }
  SUBCASE("with no crossing by the knee, the first one after it is blamed") {
    for (auto& p : pts) {
      p.values.erase("signals.verifier_backlog.max");
      p.values["signals.queue_length.mean"] = 0.5;
    }
    pts[5].values["signals.preemptions.max"] = 3;  // KV cache, one point after the knee
    const Knee g = find_knee(pts, {}, kRoles);
    CHECK(g.resource == "KV cache");
    CHECK(g.evidence.find("(crossed after the knee)") != std::string::npos);
  }
  SUBCASE("ties go to the rule order") {
    pts[3].values["signals.preemptions.max"] = 1;          // KV cache at index 3, as the backlog
    CHECK(find_knee(pts, {}, kRoles).resource == "KV cache");
    pts[3].values["signals.queue_length.mean"] = 6.0001;   // > 10 x 0.5 + 1: GPU queue at index 3 too
    CHECK(find_knee(pts, {}, kRoles).resource == "GPU queue");
  }
  SUBCASE("operators leaving and finality are relative to the first point") {
    for (auto& p : pts) p.values.erase("signals.verifier_backlog.max");
    const double up[] = {10, 10, 10, 8, 6, 4};
    const double fin[] = {20, 21, 61, 200, 500, 900};  // crosses 3 x 20 at index 2
    for (std::size_t i = 0; i < pts.size(); ++i) {
      pts[i].values["signals.up_inference.mean"] = up[i];
      pts[i].values["finality_s.p99"] = fin[i];
    }
    CHECK(find_knee(pts, {}, kRoles).resource == "block space / finality");
    for (auto& p : pts) p.values.erase("finality_s.p99");
    const Knee g = find_knee(pts, {}, kRoles);
    CHECK(g.resource == "operators leaving");
    CHECK(g.evidence == "signals.up_inference.mean < 0.9 x first = 9: 10 at 10 req/s (first), 10 at 40 req/s, "
                        "8 at 80 req/s (crossed), 6 at 160 req/s (knee)");
  }
}

TEST_CASE("knee attribution for data, storage and settlement signals") {
  struct Case {
    const char* signal;
    double crossing;
    const char* resource;
  };
  for (const Case& c : {Case{"signals.data_in_flight.max", 51, "data fetch"},
                        Case{"signals.storage_backlog.max", 51, "storage bandwidth"},
                        Case{"signals.settlement_pending.max", 1001, "block space / finality"}}) {
    CAPTURE(c.signal);
    auto pts = curve(5, 100);
    for (auto& p : pts) p.values[c.signal] = 0;
    pts[1].values[c.signal] = c.crossing - 1;  // at the threshold: not crossed
    CHECK(find_knee(pts, {}, kRoles).resource == "unknown");
    pts[2].values[c.signal] = c.crossing;
    CHECK(find_knee(pts, {}, kRoles).resource == c.resource);
  }
}

TEST_CASE("no knee") {
  const auto pts = curve(5, 1e9);
  const Knee k = find_knee(pts, {parse_slo("latency_s.p99<=100")}, kRoles);
  CHECK_FALSE(k.found);
  CHECK(k.resource.empty());
  CHECK(format_knee(k, pts) == "no knee up to 160 requests/s");
  CHECK_FALSE(find_knee({}, {}, kRoles).found);
  CHECK(format_knee(Knee{}, {}) == "no knee: no load points");
}

TEST_CASE("operators leaving under a flat load are the cause, not the queue that forms on the nodes left") {
  // Windows at a steady 60 requests/s: at index 3 the operators drop from 12 to 3 and a queue
  // forms in the same window. The load did not grow, so the lost capacity is blamed; under a
  // load that doubled at each point, the same tie goes to the queue (operators leaving last).
  std::vector<LoadPoint> pts(6);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    pts[i].offered_rps = 60;
    pts[i].throughput_rps = i < 3 ? 60 : 30;
    pts[i].values["signals.up_inference.mean"] = i < 3 ? 12 : 3;
    pts[i].values["signals.queue_length.mean"] = i < 3 ? 0 : 1000;
  }
  Knee k = find_knee(pts, {}, kRoles);
  CHECK(k.index == 3);
  CHECK(k.resource == "operators leaving");
  CHECK(k.evidence.rfind("signals.up_inference.mean < 0.9 x first = 10.8: ", 0) == 0);
  pts[3].offered_rps = 66;  // 10 % more: still the same load
  CHECK(find_knee(pts, {}, kRoles).resource == "operators leaving");
  for (std::size_t i = 0; i < pts.size(); ++i) {
    pts[i].offered_rps = 60.0 * (1U << i);
    pts[i].throughput_rps = i < 3 ? pts[i].offered_rps : pts[i].offered_rps / 2;
  }
  k = find_knee(pts, {}, kRoles);
  CHECK(k.index == 3);
  CHECK(k.resource == "GPU queue");
}
