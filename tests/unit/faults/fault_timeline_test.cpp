// Per-node fault timelines cut from a schedule: each node gets its own events in order, the
// chain gets all validators' events, and region events stay with the network.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "models/faults/fault_timeline.hpp"

using namespace opgsim::faults;

namespace {
FaultEvent node_event(double t, FaultKind k, Role role, std::uint32_t index) {
  FaultEvent e;
  e.time_s = t;
  e.kind = k;
  e.target.role = role;
  e.target.index = index;
  return e;
}
FaultEvent region_event(double t, FaultKind k, const char* region) {
  FaultEvent e;
  e.time_s = t;
  e.kind = k;
  e.target.region = region;
  return e;
}
}  // namespace

TEST_CASE("a schedule is cut into one timeline per node, in order, without region events") {
  const std::vector<FaultEvent> schedule{
      node_event(1, FaultKind::Crash, Role::Verifier, 1),  region_event(2, FaultKind::RegionCut, "eu"),
      node_event(3, FaultKind::Crash, Role::Inference, 0), node_event(4, FaultKind::Recover, Role::Verifier, 1),
      node_event(4, FaultKind::Crash, Role::Verifier, 0),  region_event(5, FaultKind::RegionRestore, "eu"),
  };
  std::vector<FaultTimeline> verifiers = timelines_for(schedule, Role::Verifier, 2);
  REQUIRE(verifiers.size() == 2);
  CHECK(verifiers[0].next_time() == 4);
  CHECK(verifiers[1].next_time() == 1);
  std::vector<FaultKind> applied;
  verifiers[1].apply_due(3.9, [&](const FaultEvent& e) { applied.push_back(e.kind); });
  CHECK(applied == std::vector<FaultKind>{FaultKind::Crash});
  CHECK(verifiers[1].next_time() == 4);
  verifiers[1].apply_due(4, [&](const FaultEvent& e) { applied.push_back(e.kind); });
  CHECK(applied == std::vector<FaultKind>{FaultKind::Crash, FaultKind::Recover});
  CHECK(std::isinf(verifiers[1].next_time()));

  CHECK(timelines_for(schedule, Role::Inference, 1)[0].next_time() == 3);
  CHECK(std::isinf(timelines_for(schedule, Role::Storage, 3)[2].next_time()));

  FaultTimeline all_verifiers = role_timeline(schedule, Role::Verifier);
  std::vector<std::uint32_t> order;
  all_verifiers.apply_due(10, [&](const FaultEvent& e) { order.push_back(e.target.index); });
  CHECK(order == std::vector<std::uint32_t>{1, 1, 0});

  const std::vector<FaultEvent> cuts = region_events(schedule);
  REQUIRE(cuts.size() == 2);
  CHECK(cuts[0].kind == FaultKind::RegionCut);
  CHECK(cuts[1].time_s == 5);
}
