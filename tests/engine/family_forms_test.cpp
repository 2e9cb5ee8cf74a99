// The families written as {"type": ...} objects since this release (roles.verifier.policy,
// workload.classes[].verification, faults.processes[].distribution) through the binary: a bare
// name still runs, with one warning line per bare field and the object form's outputs; one given
// with --set too; an unknown type stops the run with one line naming the path, exit 2.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

// Appends, not fmt or replace: the three forms differ only in these values.
std::string lab(const std::string& policy, const std::string& mode, const std::string& distribution) {
  std::string s = R"({"duration_s": 60, "warmup_s": 5, "drain_s": 60,
  "roles": {"inference": {"count": 2, "service": {"type": "exponential", "mean_s": 0.5, "concurrency": 2}},
            "verifier": {"count": 2, "policy": )";
  s += policy;
  s += R"(}},
  "workload": {"arrivals": {"type": "poisson", "rate_rps": 4}, "classes": [{"name": "t", "verification": )";
  s += mode;
  s += R"(}], "prompt_tokens": {"type": "constant", "value": 1}, "output_tokens": {"type": "constant", "value": 1}},
  "faults": {"processes": [{"kind": "slow", "role": "inference", "mttf_s": 20, "mttr_s": 5, "factor": 2, )";
  s += distribution;
  s += "}]}}";
  return s;
}

struct Run {
  int exit_code;
  std::string err;
  std::string summary;
  std::string timeseries;
};

Run run(const fs::path& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / (name + ".json")) << text;
  const auto r = run_opgsim({"run", (dir / (name + ".json")).string(), "--quiet", "--out", (dir / name).string()}, dir);
  Run x{r.exit_code, r.err, {}, {}};
  if (r.exit_code == 0) {
    x.summary = read_json(dir / name / "summary.json").dump();
    x.timeseries = read_file(dir / name / "timeseries.csv");
  }
  return x;
}
}  // namespace

TEST_CASE("bare verifier policy, verification and distribution names run like their objects, one warning line each") {
  const auto dir = temp_dir("family-forms");
  const Run bare = run(dir, "bare", lab(R"("round_robin")", R"("tee")", R"("distribution": "weibull", "shape": 0.6)"));
  const Run object = run(dir, "object", lab(R"({"type": "round_robin"})", R"({"type": "tee"})",
                                            R"("distribution": {"type": "weibull", "shape": 0.6})"));
  INFO(bare.err);
  REQUIRE(bare.exit_code == 0);
  REQUIRE(object.exit_code == 0);
  CHECK(object.err.empty());
  CHECK(std::count(bare.err.begin(), bare.err.end(), '\n') == 3);
  const std::string f = (dir / "bare.json").string();
  CHECK(bare.err.find(f + ": roles.verifier.policy: warning: a bare policy name is deprecated; write {\"type\": "
                          "\"round_robin\"}") != std::string::npos);
  CHECK(bare.err.find(f + ": workload.classes[0].verification: warning: a bare verification name is deprecated; "
                          "write {\"type\": \"tee\"}") != std::string::npos);
  CHECK(bare.err.find(f + ": faults.processes[0].distribution: warning: a bare distribution name is deprecated; "
                          "write {\"type\": \"weibull\", \"shape\": 0.6}") != std::string::npos);
  CHECK(bare.summary == object.summary);
  CHECK(bare.timeseries == object.timeseries);
  fs::remove_all(dir);
}

TEST_CASE("a bare name given with --set is accepted with one warning line naming --set") {
  const auto dir = temp_dir("family-set");
  const auto r = run_opgsim({"validate", "scenarios/zkml-heavy.json", "--set", "roles.verifier.policy=random"}, dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err ==
        "--set: roles.verifier.policy: warning: a bare policy name is deprecated; write {\"type\": \"random\"} (bare "
        "names will be refused in the next release)\n");
  fs::remove_all(dir);
}

TEST_CASE("an unknown verification or verifier policy type stops the run with one line, exit 2") {
  const auto dir = temp_dir("family-unknown");
  auto r = run_opgsim({"run", "scenarios/zkml-heavy.json", "--out", (dir / "out").string(), "--set",
                       "workload.classes[1].verification.type=zkm"}, dir);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.find("--set: workload.classes[1].verification.type: unknown type 'zkm' (known: vanilla, tee, zkml, "
                   "zk_crv)") != std::string::npos);
  CHECK(!fs::exists(dir / "out"));
  r = run_opgsim({"validate", "scenarios/zkml-heavy.json", "--set", "roles.verifier.policy={\"type\":\"nearest\"}"}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--set: roles.verifier.policy.type: unknown type 'nearest'") != std::string::npos);
  fs::remove_all(dir);
}
