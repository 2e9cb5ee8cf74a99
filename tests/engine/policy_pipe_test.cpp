// `opgsim run --policy-fd IN,OUT` (a user policy over a pipe, sim/engine/external_policy.hpp): the
// binary's own checks of the option. The protocol end to end is tested from Python
// (python/tests/test_policy.py), its usual other end.
#include <doctest/doctest.h>

#include <cstdlib>

#include "tests/engine/opgsim_process.hpp"

using namespace opgsim::test;

TEST_CASE("--policy-fd: descriptors that are not open, a malformed value, no economy: one line, exit 2") {
  const auto dir = temp_dir("policy-fd");
  auto r = run_opgsim({"run", "scenarios/economy/slashing.json", "--policy-fd", "97,98", "--out", (dir / "a").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "error: --policy-fd: file descriptor 97 is not open\n");
  r = run_opgsim({"run", "scenarios/economy/slashing.json", "--policy-fd", "three", "--out", (dir / "b").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "error: --policy-fd: expected IN,OUT (two file descriptors), got 'three'\n");
  r = run_opgsim({"run", "scenarios/baseline.json", "--policy-fd", "0,1", "--out", (dir / "c").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--policy-fd: scenarios/baseline.json: economy.enabled: a user policy decides in the economy") !=
        std::string::npos);
  // A policy that closes the pipe at once (IN is /dev/null): the run stops at the first epoch end
  // and writes nothing.
  const std::string cmd = fmt::format("cd {} && {} run scenarios/economy/slashing.json --policy-fd 3,1 --out {} 3</dev/null "
                                      ">/dev/null 2>{}",
                                      shell_quote(OPGSIM_SOURCE_DIR), shell_quote(OPGSIM_BINARY),
                                      shell_quote((dir / "d").string()), shell_quote((dir / "err.txt").string()));
  const int status = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(read_file(dir / "err.txt").find("error: policy: the pipe closed at t=") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "d"));
  std::filesystem::remove_all(dir);
}
