// Bad input through the real binary: each kind of error exits with code 2, prints one line
// naming the file and the JSON path, and writes nothing to the output directory.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {

using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// Runs `opgsim run <scenario> [extra...]` and checks the common contract of a rejected input.
std::string expect_rejected(const fs::path& dir, const std::string& scenario, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", scenario, "--out", (dir / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_opgsim(args, dir);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line
  CHECK(!fs::exists(dir / "out"));                           // nothing written
  return r.err;
}

const char* kValid = R"({"duration_s": 10, "roles": {"inference": {"count": 2}}})";

}  // namespace

TEST_CASE("malformed JSON names the file and the position") {
  const auto dir = temp_dir("malformed");
  write(dir / "bad.json", "{\"duration_s\": 10,\n \"seed\": }\n");
  const auto err = expect_rejected(dir, (dir / "bad.json").string());
  CHECK(err.find("bad.json") != std::string::npos);
  CHECK(err.find("line 2") != std::string::npos);
}

TEST_CASE("an unknown key (a typo) is an error with a suggestion") {
  const auto dir = temp_dir("unknown-key");
  write(dir / "typo.json", R"({"roles": {"inference": {"cont": 3}}})");
  const auto err = expect_rejected(dir, (dir / "typo.json").string());
  CHECK(err.find("typo.json: roles.inference.cont: unknown key") != std::string::npos);
  CHECK(err.find("count") != std::string::npos);
}

TEST_CASE("a wrong type names the path and the value") {
  const auto dir = temp_dir("wrong-type");
  write(dir / "type.json", R"({"duration_s": "long"})");
  const auto err = expect_rejected(dir, (dir / "type.json").string());
  CHECK(err.find("type.json: duration_s: expected a number") != std::string::npos);
  CHECK(err.find("long") != std::string::npos);
}

TEST_CASE("an out-of-range value names the path and the value") {
  const auto dir = temp_dir("range");
  write(dir / "range.json", R"({"roles": {"inference": {"count": -3}}})");
  const auto err = expect_rejected(dir, (dir / "range.json").string());
  CHECK(err.find("range.json: roles.inference.count: expected an integer >= 1 and <= 1000000, got -3") != std::string::npos);
}

TEST_CASE("a missing scenario file is an error") {
  const auto dir = temp_dir("missing");
  const auto err = expect_rejected(dir, (dir / "nowhere.json").string());
  CHECK(err.find("nowhere.json") != std::string::npos);
  CHECK(err.find("cannot open") != std::string::npos);
}

TEST_CASE("a cycle of extends is an error") {
  const auto dir = temp_dir("cycle");
  write(dir / "a.json", R"({"extends": "b.json"})");
  write(dir / "b.json", R"({"extends": "a.json"})");
  const auto err = expect_rejected(dir, (dir / "a.json").string());
  CHECK(err.find("extends") != std::string::npos);
  CHECK(err.find("cycle") != std::string::npos);
}

TEST_CASE("a bad --set value names --set and the path") {
  const auto dir = temp_dir("bad-set");
  write(dir / "ok.json", kValid);
  const auto err = expect_rejected(dir, (dir / "ok.json").string(), {"--set", "roles.inference.count=0"});
  CHECK(err.find("--set: roles.inference.count: expected an integer >= 1 and <= 1000000, got 0") != std::string::npos);
}

TEST_CASE("an error inherited through extends names the file that wrote the value") {
  const auto dir = temp_dir("inherited");
  write(dir / "base.json", R"({"workload": {"timeout_s": -1}})");
  write(dir / "child.json", R"({"extends": "base.json", "duration_s": 5})");
  const auto err = expect_rejected(dir, (dir / "child.json").string());
  CHECK(err.find("base.json: workload.timeout_s") != std::string::npos);
}

TEST_CASE("a missing trace file is an error before anything runs") {
  const auto dir = temp_dir("missing-trace");
  write(dir / "trace.json", R"({"workload": {"arrivals": {"type": "trace", "file": "no-such-trace.csv"}}})");
  const auto err = expect_rejected(dir, (dir / "trace.json").string());
  CHECK(err.find("no-such-trace.csv") != std::string::npos);
}

TEST_CASE("validate accepts every shipped scenario and rejects a bad one without running") {
  const auto dir = temp_dir("validate");
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(OPGSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".json") continue;
    const auto r = run_opgsim({"validate", entry.path().string()}, dir);
    INFO(entry.path().string() << ": " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());  // no deprecation warning: shipped scenarios use the current forms
  }
  write(dir / "range.json", R"({"duration_s": 0})");
  const auto r = run_opgsim({"validate", (dir / "range.json").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("range.json: duration_s: expected a number >= 0.001 and <= 1000000000, got 0") != std::string::npos);
}

TEST_CASE("the GPU scheduler is a registry entry: unknown ones and impossible combinations name their path") {
  const auto dir = temp_dir("bad-scheduler");
  write(dir / "gpu.json", R"({"duration_s": 10, "roles": {"inference": {"count": 2, "service": {"type": "gpu",
      "scheduler": {"type": "vllm_v0"}, "chunked_prefill": true}}}})");
  auto err = expect_rejected(dir, (dir / "gpu.json").string());
  CHECK(err.find("gpu.json: roles.inference.service.chunked_prefill: the vllm_v0 scheduler has no chunked prefill") !=
        std::string::npos);
  err = expect_rejected(dir, (dir / "gpu.json").string(), {"--set", "roles.inference.service.scheduler.type=v2"});
  CHECK(err.find("--set: roles.inference.service.scheduler.type: unknown type 'v2' (known: chunked, vllm_v0, inflight)") !=
        std::string::npos);
}

TEST_CASE("the GPU step-time model is a registry entry: an unknown one names its path") {
  const auto dir = temp_dir("bad-step-time");
  write(dir / "gpu.json", R"({"duration_s": 10, "roles": {"inference": {"count": 2, "service": {"type": "gpu",
      "step_time": {"type": "vidur"}}}}})");
  const auto err = expect_rejected(dir, (dir / "gpu.json").string());
  CHECK(err.find("gpu.json: roles.inference.service.step_time.type: unknown type 'vidur' (known: roofline, measured)") !=
        std::string::npos);
}
