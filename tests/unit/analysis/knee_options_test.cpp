// Unit tests for the knee options that make a verdict right on a run's windows and on a settling
// sweep (analysis/knee.hpp KneeOptions): persistence (one noisy window is no knee), the run's
// start as the reference of relative conditions (a backlog already grown by the first measured
// window still counts), and background rules crossing as a knee.
#include "analysis/knee.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/roles/role_registry.hpp"

using namespace opgsim::analysis;

namespace {

const std::span<const RoleSignals> kRoles = opgsim::role_signals();

// n windows at 120 req/s offered, served in full, latency 4 s.
std::vector<LoadPoint> steady(int n) {
  std::vector<LoadPoint> pts(n);
  for (LoadPoint& p : pts) {
    p.offered_rps = 120;
    p.throughput_rps = 120;
    p.values["latency_s.p99"] = 4;
  }
  return pts;
}

}  // namespace

TEST_CASE("one noisy window is not a knee when the knee must persist") {
  std::vector<LoadPoint> pts = steady(10);
  pts[4].throughput_rps = 108.6;  // 90.5 % of offered in one window, as in the baseline run
  CHECK(find_knee(pts, {}, kRoles).found);  // a sweep's rule: one point is enough
  KneeOptions run;
  run.persistence = 3;
  CHECK_FALSE(find_knee(pts, {}, kRoles, run).found);
  // Two in a row are still noise; three in a row are a knee, at the first of them.
  pts[5].throughput_rps = 100;
  CHECK_FALSE(find_knee(pts, {}, kRoles, run).found);
  pts[6].throughput_rps = 100;
  const Knee k = find_knee(pts, {}, kRoles, run);
  REQUIRE(k.found);
  CHECK(k.index == 4);
  CHECK(k.reason == "throughput stops following the offered load (90.5% of it) (and still at the 2 points after it)");
  // Near the end, every remaining point must be broken.
  std::vector<LoadPoint> tail = steady(5);
  tail[4].throughput_rps = 50;
  CHECK(find_knee(tail, {}, kRoles, run).index == 4);
  tail[4].throughput_rps = 120;
  tail[3].throughput_rps = 50;
  CHECK_FALSE(find_knee(tail, {}, kRoles, run).found);
}

TEST_CASE("a backlog already grown by the first measured window is judged against the run's start") {
  // The verifier-shortage run: settled throughput lags from the first measured window, the
  // verifier backlog grows 3411 -> 38431 while settlement stays below 20, finality grows with it.
  std::vector<LoadPoint> pts = steady(20);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    pts[i].throughput_rps = 54;
    pts[i].values["signals.verifier_backlog.max"] = 3411 + 650.0 * static_cast<double>(i);
    pts[i].values["signals.settlement_pending.max"] = i % 2 ? 19 : 3;
    pts[i].values["finality_s.p99"] = 55 + 6.8 * static_cast<double>(i);
  }
  // Against the first measured window, finality (3 x 55 = 165, crossed at window 17) is all
  // that crosses (the backlog would need 10 x 3411 + 100): the wrong verdict of issue 14.
  CHECK(find_knee(pts, {}, kRoles).resource == "block space / finality");
  LoadPoint start;  // t = 0: the network empty
  start.offered_rps = 117;
  start.values["signals.verifier_backlog.max"] = 0;
  start.values["signals.settlement_pending.max"] = 0;
  start.values["finality_s.p99"] = 0;
  KneeOptions run;
  run.persistence = 3;
  run.reference = start;
  const Knee k = find_knee(pts, {}, kRoles, run);
  REQUIRE(k.found);
  CHECK(k.index == 0);
  CHECK(k.resource == "verifier backlog");
  CHECK(k.evidence.rfind("signals.verifier_backlog.max > 10 x start + 100 = 100: 0 at the start, 3411 at 120 req/s", 0) ==
        0);
}

TEST_CASE("a background backlog crossing its rule is a knee while users are still served") {
  // A sweep of a settling scenario: throughput and latency follow, the verifier backlog does not.
  std::vector<LoadPoint> pts;
  const double rates[] = {20, 40, 60, 80, 100, 120};
  const double backlog[] = {6, 32, 2346, 7925, 13401, 18878};
  for (int i = 0; i < 6; ++i) {
    LoadPoint p;
    p.offered_rps = p.throughput_rps = rates[i];
    p.values["latency_s.p99"] = 17;
    p.values["signals.verifier_backlog.max"] = backlog[i];
    pts.push_back(p);
  }
  CHECK_FALSE(find_knee(pts, {}, kRoles).found);
  KneeOptions background;
  background.background_knee = true;
  const Knee k = find_knee(pts, {}, kRoles, background);
  REQUIRE(k.found);
  CHECK(k.offered_rps == 60);
  CHECK(k.resource == "verifier backlog");
  CHECK(k.reason ==
        "a background stage stops keeping up (verifier backlog: signals.verifier_backlog.max = 2346, "
        "signals.verifier_backlog.max > 10 x first + 100 = 160)");
  // A foreground resource's rule alone is not a knee: the GPU queue shows in latency and throughput.
  for (LoadPoint& p : pts) {
    p.values.erase("signals.verifier_backlog.max");
    p.values["signals.queue_length.mean"] = p.offered_rps;
  }
  CHECK_FALSE(find_knee(pts, {}, kRoles, background).found);
}
