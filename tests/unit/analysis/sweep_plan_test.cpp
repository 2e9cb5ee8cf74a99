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

namespace {
// a=1,2 ; b=x,y,z ; c=p,q,r with b and c zipped: 2 x 3 points.
SweepSpec mixed() {
  SweepSpec spec;
  spec.scenario = "s.json";
  spec.params = {parse_param("a=1,2"), parse_param("b=x,y,z"), parse_param("c=p,q,r")};
  spec.zip_groups = {{"b", "c"}};
  return spec;
}
}  // namespace

TEST_CASE("zip groups combine as a product, the last group fastest, columns in --param order") {
  SweepSpec spec = mixed();
  CHECK(param_groups(spec) == std::vector<std::vector<std::size_t>>{{0}, {1, 2}});
  REQUIRE(point_count(spec) == 6);
  CHECK(point_values(spec, 0) == std::vector<std::string>{"1", "x", "p"});
  CHECK(point_values(spec, 1) == std::vector<std::string>{"1", "y", "q"});
  CHECK(point_values(spec, 2) == std::vector<std::string>{"1", "z", "r"});
  CHECK(point_values(spec, 3) == std::vector<std::string>{"2", "x", "p"});
  CHECK(point_values(spec, 5) == std::vector<std::string>{"2", "z", "r"});
  // A group whose first param comes first is the slow factor; its members need not be adjacent.
  spec.params = {parse_param("a=1,2"), parse_param("b=x,y,z"), parse_param("c=p,q")};
  spec.zip_groups = {{"c", "a"}};
  CHECK(param_groups(spec) == std::vector<std::vector<std::size_t>>{{0, 2}, {1}});
  REQUIRE(point_count(spec) == 6);
  CHECK(point_values(spec, 1) == std::vector<std::string>{"1", "y", "p"});
  CHECK(point_values(spec, 3) == std::vector<std::string>{"2", "x", "q"});
  const std::vector<SweepRun> runs = plan_sweep(spec, "out");
  REQUIRE(runs.size() == 6);
  CHECK(runs[3].run_args == std::vector<std::string>{"run", "s.json", "--quiet", "--out", "out/runs/p0003-r0", "--set",
                                                     "a=2", "--set", "b=x", "--set", "c=q", "--seed", "1"});
}

TEST_CASE("zip groups: unknown paths, a path in two groups and lists of different lengths are bad input") {
  SweepSpec spec = mixed();
  spec.zip_groups = {{"b", "nope"}};
  CHECK_THROWS_WITH_AS(plan_sweep(spec, "out"), "--zip-group: 'nope' is not the path of a --param", opgsim::InputError);
  spec.zip_groups = {{"b", "c"}, {"a", "c"}};
  CHECK_THROWS_WITH_AS(plan_sweep(spec, "out"), "--zip-group: 'c' is in two groups (or twice in one)",
                       opgsim::InputError);
  spec.zip_groups = {{"a", "b"}};
  CHECK_THROWS_WITH_AS(plan_sweep(spec, "out"), "--zip-group: --param b has 3 values but a has 2", opgsim::InputError);
  CHECK(parse_zip_group("a,b.c") == std::vector<std::string>{"a", "b.c"});
  CHECK_THROWS_AS(parse_zip_group("a,,b"), opgsim::InputError);
}

TEST_CASE("zip groups round-trip through sweep.json, and a sweep without them writes what it always did") {
  const SweepSpec spec = mixed();
  CHECK(to_json(spec).at("zip_groups") == nlohmann::json::parse(R"([["b","c"]])"));
  CHECK(sweep_from_json(to_json(spec), "sweep.json").zip_groups == spec.zip_groups);
  CHECK(!to_json(two_params(false)).contains("zip_groups"));
}

TEST_CASE("array and object values: JSON values separated by semicolons, kept compact") {
  SweepParam p = parse_param("economy.fees.split=[0.5, 0.3,0.2];[0.6,0.2,0.2]");
  CHECK(p.path == "economy.fees.split");
  CHECK(p.values == std::vector<std::string>{"[0.5,0.3,0.2]", "[0.6,0.2,0.2]"});
  p = parse_param(R"(economy.fees.shares={"operator": 1};{"operator":0.8,"treasury":0.2})");
  CHECK(p.values == std::vector<std::string>{R"({"operator":1})", R"({"operator":0.8,"treasury":0.2})"});
  // A ';' inside a string or brackets belongs to the value; scalars may follow the first JSON value.
  p = parse_param(R"(x=["a;b",{"c":[1,2]}];[3])");
  CHECK(p.values == std::vector<std::string>{R"(["a;b",{"c":[1,2]}])", "[3]"});
  p = parse_param("x=[1];2;\"s\"");
  CHECK(p.values == std::vector<std::string>{"[1]", "2", "\"s\""});
  // One JSON value is one point; its commas are not a list.
  CHECK(parse_param("x=[1,2,3]").values.size() == 1);
  // Every existing form is unchanged.
  CHECK(parse_param("a=1,2").values == std::vector<std::string>{"1", "2"});
  // Each point's --set gets the compact JSON.
  SweepSpec spec;
  spec.scenario = "s.json";
  spec.params = {parse_param("x=[1, 2];[3]")};
  CHECK(plan_sweep(spec, "out")[1].run_args[6] == "x=[3]");
}

TEST_CASE("bad JSON values are one clear error") {
  CHECK_THROWS_WITH_AS(parse_param("x=[1,2"),
                       doctest::Contains("--param 'x=[1,2': '[1,2' is not a JSON value (parse error"),
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(parse_param("x=[1];;[2]"), "--param 'x=[1];;[2]': empty value", opgsim::InputError);
  CHECK_THROWS_WITH_AS(parse_param("x=[1];"), "--param 'x=[1];': empty value", opgsim::InputError);
  CHECK_THROWS_AS(parse_param("x={a:1}"), opgsim::InputError);
}
