// `opgsim validate` accepts exactly what `opgsim run` accepts: both go through the same
// preparation (sim/engine/prepare_run.hpp), so an input run rejects before simulating is
// rejected by validate with the same one line and exit code 2.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {

using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

// Runs `validate` and `run` on the same scenario text; both must fail the same way.
void expect_same_rejection(const std::string& name, const std::string& scenario, const std::string& expected) {
  const auto dir = temp_dir(name);
  std::ofstream(dir / "s.json") << scenario;
  const auto v = run_opgsim({"validate", (dir / "s.json").string()}, dir);
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO("validate: " << v.err << "run: " << r.err);
  CHECK(v.exit_code == 2);
  CHECK(r.exit_code == 2);
  CHECK(v.err == r.err);
  CHECK(std::count(v.err.begin(), v.err.end(), '\n') == 1);
  CHECK(v.err.find(expected) != std::string::npos);
  CHECK(!fs::exists(dir / "out"));
  fs::remove_all(dir);
}

}  // namespace

TEST_CASE("validate rejects a missing trace file with run's line") {
  expect_same_rejection("prep-trace",
                        R"({"duration_s": 10, "workload": {"arrivals": {"type": "trace", "file": "missing.csv"}}})",
                        "missing.csv");
}

TEST_CASE("validate rejects a missing calibration profile with run's line") {
  expect_same_rejection(
      "prep-profile",
      R"({"duration_s": 10, "roles": {"inference": {"service": {"type": "gpu", "profile": "no-such-profile.json"}}}})",
      "no-such-profile.json");
}

TEST_CASE("validate and run agree on an inconsistent fault schedule") {
  expect_same_rejection("prep-faults",
                        R"({"duration_s": 10, "roles": {"inference": {"count": 2}},
                            "faults": {"events": [{"time_s": 5, "kind": "recover", "index": 1}]}})",
                        "s.json: faults.events[0]: recover of inference[1]");
}
