// router.policy and router.view end to end: a deprecated bare policy name runs (exit 0) with
// exactly one warning line and the same outputs as its object form; the exact view is
// byte-identical to the default; a stale view herds (scenarios/router-herding.json); sweeps vary
// the policy object's type and parameters with --param / --set.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

struct Run {
  int exit_code;
  std::string err;
  nlohmann::json summary;
  std::string timeseries;
};

Run run(const fs::path& dir, const std::string& scenario, const std::string& out, const std::vector<std::string>& sets) {
  std::vector<std::string> args{"run", scenario, "--quiet", "--out", (dir / out).string()};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  const auto r = run_opgsim(args, dir);
  Run x{r.exit_code, r.err, {}, {}};
  if (r.exit_code == 0) {
    x.summary = read_json(dir / out / "summary.json");
    x.timeseries = read_file(dir / out / "timeseries.csv");
  }
  return x;
}

// A short M/M/c lab: 8 single-server nodes at load 0.9.
constexpr const char* kLabHead = R"({
  "duration_s": 300, "warmup_s": 20, "drain_s": 300,
  "platform": {"regions": [{"name": "lab", "latency_s": 0.001}]},
  "roles": {"inference": {"count": 8, "service": {"type": "exponential", "mean_s": 1, "concurrency": 1}}},
  "router": {"policy": )";
constexpr const char* kLabTail = R"(},
  "workload": {"arrivals": {"type": "poisson", "rate_rps": 7.2}, "prompt_tokens": {"type": "constant", "value": 1},
               "output_tokens": {"type": "constant", "value": 1}}
})";

// Appends, not replace(): GCC 12 reports a -Wrestrict false positive on std::string::replace here.
std::string lab(const std::string& policy) {
  std::string s = kLabHead;
  s += policy;
  s += kLabTail;
  return s;
}
}  // namespace

TEST_CASE("a bare policy name runs with exactly one warning line and the object form's outputs") {
  const auto dir = temp_dir("router-bare");
  std::ofstream(dir / "bare.json") << lab(R"("power_of_two")");
  std::ofstream(dir / "object.json") << lab(R"({"type": "power_of_two"})");
  const Run bare = run(dir, (dir / "bare.json").string(), "bare", {});
  const Run object = run(dir, (dir / "object.json").string(), "object", {});
  INFO(bare.err);
  REQUIRE(bare.exit_code == 0);
  REQUIRE(object.exit_code == 0);
  CHECK(std::count(bare.err.begin(), bare.err.end(), '\n') == 1);
  CHECK(bare.err == (dir / "bare.json").string() +
                        ": router.policy: warning: a bare policy name is deprecated; write {\"type\": \"power_of_two\"} "
                        "(bare names will be refused in the next release)\n");
  CHECK(object.err.empty());
  CHECK(bare.summary == object.summary);
  CHECK(bare.timeseries == object.timeseries);
  fs::remove_all(dir);
}

TEST_CASE("unknown policy types and parameters stop the run with one line, exit 2") {
  const auto dir = temp_dir("router-unknown");
  const auto r = run_opgsim({"validate", "scenarios/baseline.json", "--set", "router.policy.type=power_of_too"}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--set: router.policy.type: unknown type 'power_of_too'") != std::string::npos);
  CHECK(r.err.find("did you mean 'power_of_two'?") != std::string::npos);
  const auto p = run_opgsim({"validate", "scenarios/baseline.json", "--set", "router.policy.d=3"}, dir);
  CHECK(p.exit_code == 2);
  CHECK(p.err.find("router.policy.d: not a parameter of type 'least_outstanding'") != std::string::npos);
  const auto ok = run_opgsim({"validate", "scenarios/baseline.json", "--set", R"(router.policy={"type":"power_of_d","d":3})"}, dir);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("router power_of_d(d=3)") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("the exact view is byte-identical to the default, and a stale view herds") {
  const auto dir = temp_dir("router-herding");
  const std::string s = "scenarios/router-herding.json";
  const std::vector<std::string> shorter{"duration_s=2000", "drain_s=1000"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), shorter.begin(), shorter.end());
    return extra;
  };
  const Run dflt = run(dir, s, "default", with({"router.view=null"}));
  const Run exact = run(dir, s, "exact", with({R"(router.view={"type":"exact"})"}));
  const Run stale = run(dir, s, "stale", with({}));
  const Run counted = run(dir, s, "counted", with({"router.view.count_dispatches=true"}));
  REQUIRE(dflt.exit_code == 0);
  REQUIRE(exact.exit_code == 0);
  REQUIRE(stale.exit_code == 0);
  REQUIRE(counted.exit_code == 0);
  CHECK(dflt.summary == exact.summary);
  CHECK(dflt.timeseries == exact.timeseries);
  const double p99_exact = exact.summary["latency_s"]["p99"];
  const double p99_stale = stale.summary["latency_s"]["p99"];
  const double p99_counted = counted.summary["latency_s"]["p99"];
  const double q_exact = exact.summary["stages"]["queue"]["mean"];
  const double q_stale = stale.summary["stages"]["queue"]["mean"];
  MESSAGE("p99 exact " << p99_exact << " s, periodic 1 s counting own sends " << p99_counted
                       << " s, periodic 1 s blind " << p99_stale << " s");
  // Every request of a second goes to the node that looked idlest at the last refresh.
  CHECK(p99_stale > 2 * p99_exact);
  CHECK(q_stale > 3 * q_exact);
  // A gateway that counts its own sends herds far less, but stale information still costs.
  CHECK(p99_counted > p99_exact);
  CHECK(p99_counted < p99_stale);
  // Every request ends either way.
  CHECK(stale.summary["requests"]["completed"] == stale.summary["requests"]["submitted"]);
  fs::remove_all(dir);
}

TEST_CASE("sweeps vary the policy object's type and its parameters") {
  const auto dir = temp_dir("router-sweep");
  const std::vector<std::string> common{"sweep", "scenarios/validation/mmc.json", "--set", "duration_s=300", "--set",
                                        "warmup_s=20", "--set", "drain_s=300", "--set", "roles.inference.count=4",
                                        "--set", "workload.arrivals.rate_rps=3", "-j", "2"};
  auto args = common;
  args.insert(args.end(), {"--param", "router.policy.type=random,power_of_two,power_of_d", "--out", (dir / "types").string()});
  auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string curve = read_file(dir / "types" / "curve.csv");
  CHECK(curve.find("\npower_of_two,") != std::string::npos);
  CHECK(curve.find("\npower_of_d,") != std::string::npos);
  args = common;
  args.insert(args.end(), {"--set", "router.policy.type=power_of_d", "--param", "router.policy.d=1,2,4", "--out",
                           (dir / "d").string()});
  r = run_opgsim(args, dir);
  REQUIRE(r.exit_code == 0);
  const auto rows = parse_numeric_csv(read_file(dir / "d" / "curve.csv"));
  REQUIRE(rows.size() == 3);
  // More samples, shorter queues: d = 4 over 4 nodes is least outstanding.
  CHECK(rows[0].at("latency_s.p99_mean") > rows[2].at("latency_s.p99_mean"));
  fs::remove_all(dir);
}
