// Unit tests of the fault schedule: merging a listed schedule with random processes, sample
// means of the time-to-failure/repair draws, determinism, per-target independence, validation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/faults/fault_schedule.hpp"

using namespace opgsim::faults;
using opgsim::InputError;
using opgsim::Rng;

namespace {

std::vector<NodeRef> roster(std::uint32_t inference, std::uint32_t verifiers = 0) {
  std::vector<NodeRef> r;
  for (std::uint32_t i = 0; i < inference; ++i) r.push_back({Role::Inference, i, i % 2 ? "us" : "eu"});
  for (std::uint32_t i = 0; i < verifiers; ++i) r.push_back({Role::Verifier, i, "eu"});
  return r;
}

FaultEvent ev(double t, FaultKind k, std::uint32_t node, double factor = 1.0) {
  return FaultEvent{t, k, Target{Role::Inference, node, {}}, factor, {}};
}
FaultEvent region_ev(double t, FaultKind k, const std::string& r) {
  return FaultEvent{t, k, Target{Role::Inference, 0, r}, 1.0, {}};
}

FaultProcess crash_process(double mttf, double mttr) {
  FaultProcess p;
  p.select.role = Role::Inference;
  p.time_to_failure.mean_s = mttf;
  p.time_to_repair.mean_s = mttr;
  return p;
}

// The events of one target, in order.
std::vector<FaultEvent> of(const std::vector<FaultEvent>& s, Role role, std::uint32_t index) {
  std::vector<FaultEvent> out;
  for (const auto& e : s)
    if (!e.target.is_region() && e.target.role == role && e.target.index == index) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("listed and random events merge in time order, listed first on ties") {
  std::vector<FaultEvent> listed = {ev(500, FaultKind::Crash, 0), ev(100, FaultKind::SlowStart, 1, 3.0),
                                    ev(900, FaultKind::Recover, 0), region_ev(500, FaultKind::RegionCut, "us"),
                                    region_ev(600, FaultKind::RegionRestore, "us")};
  FaultProcess p = crash_process(2000, 100);
  p.select.role = Role::Verifier;
  const auto s = build_schedule(listed, {p}, roster(2, 3), 20000, 11);
  REQUIRE(s.size() > listed.size());
  for (std::size_t i = 1; i < s.size(); ++i) CHECK(s[i - 1].time_s <= s[i].time_s);
  // Equal times keep list order: the crash (events[0]) before the cut (events[3]).
  CHECK(s[1].time_s == 500);
  CHECK(s[1].source == "faults.events[0]");
  CHECK(s[2].source == "faults.events[3]");
  CHECK(s[0].factor == 3.0);
  for (const auto& e : s)
    if (e.source == "faults.processes[0]") CHECK(e.target.role == Role::Verifier);
}

TEST_CASE("exponential MTTF/MTTR sample means") {
  FaultProcess p = crash_process(1000, 50);
  const auto s = build_schedule({}, {p}, roster(20), 2e6, 5);
  double up = 0, down = 0;
  int n_up = 0, n_down = 0;
  for (std::uint32_t i = 0; i < 20; ++i) {
    double last_recover = 0;
    for (const auto& e : of(s, Role::Inference, i)) {
      if (e.kind == FaultKind::Crash) {
        up += e.time_s - last_recover, ++n_up;
        last_recover = -e.time_s;  // remember the crash time (negated) until the recover
      } else {
        down += e.time_s + last_recover, ++n_down;
        last_recover = e.time_s;
      }
    }
  }
  REQUIRE(n_up > 10000);
  CHECK(up / n_up == doctest::Approx(1000).epsilon(0.03));
  CHECK(down / n_down == doctest::Approx(50).epsilon(0.03));
}

TEST_CASE("Weibull durations have the configured mean") {
  for (double shape : {0.5, 1.0, 2.0}) {
    Duration d{Duration::Type::Weibull, 300, shape};
    Rng rng(17);
    double sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) sum += d.sample(rng);
    CHECK(sum / n == doctest::Approx(300).epsilon(0.03));
  }
}

TEST_CASE("deterministic, and adding a node does not change another node's faults") {
  FaultProcess p = crash_process(500, 60);
  const auto a = build_schedule({}, {p}, roster(4), 50000, 99);
  const auto b = build_schedule({}, {p}, roster(4), 50000, 99);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].time_s == b[i].time_s);
    CHECK(a[i].target == b[i].target);
  }
  const auto c = build_schedule({}, {p}, roster(8, 2), 50000, 99);  // more nodes
  for (std::uint32_t i = 0; i < 4; ++i) {
    const auto x = of(a, Role::Inference, i), y = of(c, Role::Inference, i);
    REQUIRE(x.size() == y.size());
    for (std::size_t k = 0; k < x.size(); ++k) CHECK(x[k].time_s == y[k].time_s);
  }
  const auto d = build_schedule({}, {p}, roster(4), 50000, 100);  // other seed
  CHECK(of(d, Role::Inference, 0)[0].time_s != of(a, Role::Inference, 0)[0].time_s);
}

TEST_CASE("process selectors: region, malicious, region cuts") {
  FaultProcess p = crash_process(1000, 100);
  p.select.region = "us";
  for (const auto& e : build_schedule({}, {p}, roster(6), 1e5, 1)) CHECK(e.target.index % 2 == 1);

  FaultProcess m = crash_process(1000, 100);
  m.kind = FaultProcess::Kind::Malicious;
  m.select.role.reset();
  m.factor = 0.3;
  for (const auto& e : build_schedule({}, {m}, roster(2, 2), 1e5, 1)) {
    CHECK(e.target.role == Role::Inference);
    if (e.kind == FaultKind::MaliciousStart) CHECK(e.factor == 0.3);
  }

  FaultProcess cut;
  cut.kind = FaultProcess::Kind::RegionCut;
  cut.time_to_failure.mean_s = 5000;
  cut.time_to_repair = {Duration::Type::Weibull, 300, 0.7};
  const auto s = build_schedule({}, {cut}, roster(4), 1e6, 3);
  int eu = 0, us = 0;
  for (const auto& e : s) {
    REQUIRE(e.target.is_region());
    (e.target.region == "eu" ? eu : us)++;
  }
  CHECK(eu > 50);
  CHECK(us > 50);
}

TEST_CASE("validation errors are one clear line") {
  const auto r = roster(2);
  CHECK_THROWS_WITH_AS(build_schedule({ev(10, FaultKind::Recover, 0)}, {}, r, 100, 1),
                       "faults.events[0]: recover of inference[0] at t=10 s, but it is not down (no crash before it)",
                       InputError);
  CHECK_THROWS_WITH_AS(build_schedule({ev(10, FaultKind::Crash, 1), ev(5, FaultKind::Crash, 1)}, {}, r, 100, 1),
                       "faults.events[0]: crash of inference[1] at t=10 s, but it is already down since t=5 s "
                       "(faults.events[1])",
                       InputError);
  const std::vector<FaultEvent> cuts = {region_ev(10, FaultKind::RegionCut, "eu"),
                                        region_ev(20, FaultKind::RegionCut, "eu"),
                                        region_ev(30, FaultKind::RegionRestore, "eu")};
  CHECK_THROWS_WITH_AS(build_schedule(cuts, {}, r, 100, 1),
                       "faults.events[1]: region_cut of region 'eu' at t=20 s, but it is already cut off since t=10 s "
                       "(faults.events[0])",
                       InputError);
  CHECK_THROWS_WITH_AS(build_schedule({ev(10, FaultKind::Crash, 7)}, {}, r, 100, 1),
                       "faults.events[0]: unknown target inference[7]", InputError);
  CHECK_THROWS_WITH_AS(build_schedule({region_ev(1, FaultKind::RegionCut, "mars")}, {}, r, 100, 1),
                       "faults.events[0]: unknown target region 'mars'", InputError);
  CHECK_THROWS_AS(build_schedule({ev(-1, FaultKind::Crash, 0)}, {}, r, 100, 1), InputError);
  CHECK_THROWS_AS(build_schedule({ev(1, FaultKind::SlowStart, 0, 0.5)}, {}, r, 100, 1), InputError);
  CHECK_THROWS_AS(build_schedule({ev(1, FaultKind::RegionCut, 0)}, {}, r, 100, 1), InputError);
  FaultEvent bad{1, FaultKind::MaliciousStart, Target{Role::Verifier, 0, {}}, 1.0, {}};
  CHECK_THROWS_WITH_AS(build_schedule({bad}, {}, roster(1, 1), 100, 1),
                       "faults.events[0]: only inference nodes can be malicious, got verifier[0]", InputError);
  FaultProcess p = crash_process(0, 10);
  CHECK_THROWS_WITH_AS(build_schedule({}, {p}, r, 100, 1),
                       "faults.processes[0].time_to_failure.mean_s: must be > 0, got 0", InputError);
  // A listed crash overlapping a random one on the same node is caught after merging.
  FaultProcess q = crash_process(10, 1e9);
  CHECK_THROWS_AS(build_schedule({ev(5000, FaultKind::Crash, 0)}, {q}, r, 1e4, 1), InputError);
  CHECK_THROWS_WITH_AS(parse_role("gpu", "faults.events[3].role"),
                       "faults.events[3].role: unknown role 'gpu' (expected one of: inference, verifier, data, "
                       "storage, validator, prover, client, router)",
                       InputError);
  CHECK(parse_kind("region_restore", "x") == FaultKind::RegionRestore);
}
