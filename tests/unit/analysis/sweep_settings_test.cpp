// Differences between two sweeps' settings, as `opgsim compare` prints them.
#include <doctest/doctest.h>

#include "analysis/sweep/sweep_settings.hpp"

using namespace opgsim::analysis;

namespace {
SweepSpec spec() {
  SweepSpec s;
  s.scenario = "scenarios/baseline.json";
  s.params = {{"workload.arrivals.rate_rps", {"60", "150"}}};
  s.replications = 3;
  s.sets = {"duration_s=120", "warmup_s=20"};
  s.base_seed = 1;
  return s;
}
}  // namespace

TEST_CASE("two sweeps made alike have no differences") { CHECK(settings_differences(spec(), spec()).empty()); }

TEST_CASE("differences in duration, swept values, replications and overrides are named one per line") {
  SweepSpec b = spec();
  b.sets = {"warmup_s=20", "duration_s=60", "drain_s=10"};
  b.params[0].values = {"60", "150", "240"};
  b.replications = 2;
  const auto d = settings_differences(spec(), b);
  REQUIRE(d.size() == 4);
  CHECK(d[0] == "--param workload.arrivals.rate_rps: 60,150 vs 60,150,240");
  CHECK(d[1] == "replications: 3 vs 2");
  CHECK(d[2] == "--set drain_s: (the scenario's) vs 10");
  CHECK(d[3] == "--set duration_s: 120 vs 60");
}

TEST_CASE("the last --set of a path is the one that counts, and a parameter swept in one sweep only is named") {
  SweepSpec b = spec();
  b.sets = {"duration_s=60", "warmup_s=20", "duration_s=120"};  // ends at 120: alike
  b.params.push_back({"roles.inference.count", {"8", "16"}});
  const auto d = settings_differences(spec(), b);
  REQUIRE(d.size() == 1);
  CHECK(d[0] == "--param roles.inference.count: (not swept) vs 8,16");
}
