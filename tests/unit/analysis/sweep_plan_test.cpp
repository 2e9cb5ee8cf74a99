// Sweep planning: --param parsing, product and zip order, seeds per replication, each run's
// folder and `opgsim run` arguments, and sweep.json's round trip.
#include <doctest/doctest.h>

#include "analysis/sweep/sweep_plan.hpp"
#include "models/common/input_error.hpp"

using namespace opgsim::analysis;

namespace {
SweepSpec two_params(bool zip) {
  SweepSpec spec;
  spec.scenario = "s.json";
  spec.params = {parse_param("a=1,2"), parse_param("b=x,y")};
  spec.zip = zip;
  spec.replications = 2;
  spec.sets = {"duration_s=10"};
  spec.base_seed = 7;
  return spec;
}
}  // namespace

TEST_CASE("--param splits a dotted path from its comma-separated values") {
  const SweepParam p = parse_param("workload.arrivals.rate_rps=5,10,20");
  CHECK(p.path == "workload.arrivals.rate_rps");
  CHECK(p.values == std::vector<std::string>{"5", "10", "20"});
  CHECK_THROWS_AS(parse_param("no-equals"), opgsim::InputError);
  CHECK_THROWS_AS(parse_param("=1,2"), opgsim::InputError);
  CHECK_THROWS_AS(parse_param("a=1,,2"), opgsim::InputError);
}

TEST_CASE("a product sweep varies the last parameter fastest") {
  const SweepSpec spec = two_params(false);
  CHECK(point_count(spec) == 4);
  CHECK(point_values(spec, 0) == std::vector<std::string>{"1", "x"});
  CHECK(point_values(spec, 1) == std::vector<std::string>{"1", "y"});
  CHECK(point_values(spec, 3) == std::vector<std::string>{"2", "y"});
}

TEST_CASE("a zipped sweep pairs the i-th values and needs lists of one length") {
  SweepSpec spec = two_params(true);
  CHECK(point_count(spec) == 2);
  CHECK(point_values(spec, 1) == std::vector<std::string>{"2", "y"});
  spec.params[1].values.push_back("z");
  CHECK_THROWS_AS(plan_sweep(spec, "out"), opgsim::InputError);
}

TEST_CASE("every run has its folder, its seed and its run arguments") {
  const std::vector<SweepRun> runs = plan_sweep(two_params(false), "out");
  REQUIRE(runs.size() == 8);  // 4 points x 2 replications, point-major
  CHECK(runs[0].dir == "runs/p0000-r0");
  CHECK(runs[3].dir == "runs/p0001-r1");
  CHECK(runs[0].seed == 7);                 // replication 0: the scenario's own seed
  CHECK(runs[1].seed != 7);                 // replication 1: derived
  CHECK(runs[1].seed == runs[3].seed);      // ... from the replication, not the point
  CHECK(runs[1].seed < (1ull << 52));       // exact in a JSON double
  CHECK(runs[3].run_args == std::vector<std::string>{"run", "s.json", "--quiet", "--out", "out/runs/p0001-r1",
                                                     "--set", "duration_s=10", "--set", "a=1", "--set", "b=y",
                                                     "--seed", std::to_string(runs[3].seed)});
}

TEST_CASE("SimGrid options reach every run and sweep.json, and an older sweep.json has none") {
  SweepSpec spec = two_params(false);
  spec.cfgs = {"contexts/stack-size:128", "contexts/guard-size:0"};
  const std::vector<SweepRun> runs = plan_sweep(spec, "out");
  for (const SweepRun& run : runs) {
    const std::vector<std::string> head(run.run_args.begin(), run.run_args.begin() + 9);
    CHECK(head == std::vector<std::string>{"run", "s.json", "--quiet", "--out", "out/" + run.dir, "--cfg",
                                           "contexts/stack-size:128", "--cfg", "contexts/guard-size:0"});
  }
  CHECK(sweep_from_json(to_json(spec), "sweep.json").cfgs == spec.cfgs);
  nlohmann::json older = to_json(two_params(false));
  CHECK(!older.contains("cfgs"));  // a sweep without --cfg writes the same sweep.json as before
  CHECK(sweep_from_json(older, "sweep.json").cfgs.empty());
}

TEST_CASE("sweep.json round-trips a spec, and a malformed one is bad input") {
  const SweepSpec spec = two_params(true);
  const SweepSpec back = sweep_from_json(to_json(spec), "sweep.json");
  CHECK(to_json(back) == to_json(spec));
  CHECK_THROWS_AS(sweep_from_json(nlohmann::json{{"scenario", "s.json"}}, "sweep.json"), opgsim::InputError);
}
