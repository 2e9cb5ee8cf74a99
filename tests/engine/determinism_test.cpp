// Determinism: the same scenario and seed give byte-identical summary.json and timeseries.csv
// (manifest.json holds the only wall-clock fields), and another seed gives other numbers.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_file;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

void run_into(const std::filesystem::path& dir, const std::string& scenario, const std::string& out,
              std::vector<std::string> extra) {
  std::vector<std::string> args{"run", scenario, "--quiet", "--out", (dir / out).string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

// seed_matters: false for a scenario with no random draw at all (a trace on the gpu model).
void check_deterministic(const std::string& scenario, std::vector<std::string> extra, const std::string& name,
                         bool seed_matters = true) {
  const auto dir = temp_dir(name);
  run_into(dir, scenario, "a", extra);
  run_into(dir, scenario, "b", extra);
  for (const char* f : {"summary.json", "timeseries.csv"}) {
    INFO(f);
    CHECK(read_file(dir / "a" / f) == read_file(dir / "b" / f));
  }
  extra.insert(extra.end(), {"--seed", "99"});
  run_into(dir, scenario, "c", extra);
  if (seed_matters)
    CHECK(read_file(dir / "a" / "summary.json") != read_file(dir / "c" / "summary.json"));
  else
    CHECK(read_file(dir / "a" / "summary.json") == read_file(dir / "c" / "summary.json"));
  std::filesystem::remove_all(dir);
}
}  // namespace

TEST_CASE("the baseline scenario is deterministic") {
  check_deterministic("scenarios/baseline.json", {"--set", "duration_s=120"}, "det-baseline");
}

TEST_CASE("trace replay is deterministic") {
  // Recorded arrivals and sizes, deterministic service: nothing is drawn, the seed changes nothing.
  check_deterministic("scenarios/azure-conv.json", {"--set", "duration_s=300"}, "det-trace", false);
  // With drawn service times the seed matters again.
  check_deterministic("scenarios/azure-conv.json",
                      {"--set", "duration_s=300", "--set", R"(roles.inference.service={"type":"lognormal","mean_s":2,"cv":1,"concurrency":16})"},
                      "det-trace-lognormal");
}

TEST_CASE("every routing policy is deterministic and ends every request") {
  for (const char* policy : {"random", "round_robin", "least_outstanding", "power_of_two", "central_queue", "stake_weighted", "power_of_d"}) {
    CAPTURE(policy);
    check_deterministic("scenarios/validation/mmc.json",
                        {"--set", fmt::format("router.policy.type={}", policy), "--set", "duration_s=2000"},
                        fmt::format("det-{}", policy));
  }
}

TEST_CASE("the network with every role and random faults is deterministic") {
  // Data fetches, storage, verifier assignment, batched settlement, a malicious node and random
  // crashes of every role all draw from their own streams.
  check_deterministic("scenarios/opengradient.json",
                      {"--set", "duration_s=120", "--set", "drain_s=400", "--set",
                       R"(faults={"events": [{"time_s": 10, "kind": "malicious_start", "index": 2, "factor": 0.5}],
                                  "processes": [{"kind": "crash", "mttf_s": 200, "mttr_s": 20}]})"},
                      "det-roles");
}
