// Runs that cannot fit this process stop before any actor starts, with one line naming the
// limit and the largest node count that fits (exit 2), never a SimGrid abort; SimGrid options
// pass through --cfg, and a bad one is bad input too. All quick: nothing here simulates much.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {

using opgsim::test::read_file;
using opgsim::test::run_opgsim;
using opgsim::test::shell_quote;
using opgsim::test::temp_dir;
namespace fs = std::filesystem;

const char* kTiny = R"({"duration_s": 5, "drain_s": 5, "roles": {"inference": {"count": 2}}})";

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

}  // namespace

TEST_CASE("more nodes than the address space holds stop before the run with the largest count that fits") {
  const auto dir = temp_dir("scale-ulimit");
  write(dir / "big.json", R"({"duration_s": 5, "roles": {"inference": {"count": 100000}}})");
  // 4 GB of address space (ulimit -v, KiB) holds far fewer than 100,000 stacks of 64 KiB.
  const std::string cmd = fmt::format("ulimit -v 4000000 && {} run {} --out {} -q >{} 2>{}", shell_quote(OPGSIM_BINARY),
                                      shell_quote((dir / "big.json").string()), shell_quote((dir / "out").string()),
                                      shell_quote((dir / "stdout.txt").string()), shell_quote((dir / "stderr.txt").string()));
  const int status = std::system(cmd.c_str());
  const std::string err = read_file(dir / "stderr.txt");
  INFO("stderr: " << err);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  CHECK(err.find("big.json: roles: 100000 nodes need") != std::string::npos);
  CHECK(err.find("ulimit -v 4000000 KiB") != std::string::npos);
  CHECK(err.find("nodes fit") != std::string::npos);
  CHECK(!fs::exists(dir / "out"));
}

TEST_CASE("--cfg passes SimGrid options through, and an unknown one is bad input") {
  const auto dir = temp_dir("scale-cfg");
  write(dir / "tiny.json", kTiny);
  const auto ok = run_opgsim({"run", (dir / "tiny.json").string(), "--out", (dir / "ok").string(), "-q",
                              "--cfg=contexts/stack-size:256", "--cfg", "contexts/guard-size:0"},
                             dir);
  INFO("stderr: " << ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(fs::exists(dir / "ok" / "summary.json"));

  const auto bad = run_opgsim({"run", (dir / "tiny.json").string(), "--out", (dir / "bad").string(),
                               "--cfg=contexts/no-such-option:1"},
                              dir);
  INFO("stderr: " << bad.err);
  CHECK(bad.exit_code == 2);
  CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
  CHECK(bad.err.find("--cfg") != std::string::npos);
  CHECK(bad.err.find("contexts/no-such-option") != std::string::npos);
  CHECK(!fs::exists(dir / "bad"));
}

TEST_CASE("sweep and capacity pass --cfg to every run, and check it before any run") {
  const auto dir = temp_dir("scale-cfg-sweep");
  write(dir / "tiny.json", kTiny);
  write(dir / "poisson.json", R"({"duration_s": 5, "drain_s": 5, "roles": {"inference": {"count": 2}},
                                  "workload": {"arrivals": {"type": "poisson", "rate_rps": 1}}})");
  const auto ok = run_opgsim({"sweep", (dir / "tiny.json").string(), "--param", "duration_s=4,5",
                              "--out", (dir / "sweep").string(), "--cfg=contexts/stack-size:128"},
                             dir);
  INFO("stderr: " << ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(read_file(dir / "sweep" / "sweep.json").find("contexts/stack-size:128") != std::string::npos);
  for (const char* run : {"p0000-r0", "p0001-r0"})  // each run's command line carries it
    CHECK(read_file(dir / "sweep" / "runs" / run / "manifest.json").find("--cfg contexts/stack-size:128") !=
          std::string::npos);

  for (const std::vector<std::string>& cmd :
       {std::vector<std::string>{"sweep", (dir / "tiny.json").string(), "--param", "duration_s=4,5",
                                 "--out", (dir / "bad-sweep").string(), "--cfg=contexts/no-such-option:1"},
        std::vector<std::string>{"capacity", (dir / "poisson.json").string(), "--slo", "latency_s.p99<=10", "--out",
                                 (dir / "bad-capacity").string(), "--cfg=contexts/no-such-option:1"}}) {
    const auto bad = run_opgsim(cmd, dir);
    INFO("command: " << cmd.front() << " stderr: " << bad.err);
    CHECK(bad.exit_code == 2);
    CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
    CHECK(bad.err.find("contexts/no-such-option") != std::string::npos);
  }
  CHECK(!fs::exists(dir / "bad-sweep"));
  CHECK(!fs::exists(dir / "bad-capacity"));
}
