// The GPU validation table (results/gpu-validation/table.md) against the code: the table written
// now from the committed profiles (regenerate.sh --table-only) must be the committed one, byte for
// byte, and every point out of 15 % must say why (results/gpu-validation/reasons.csv). A change to
// the GPU model that moves a validated number fails here until the table is regenerated
// (bash results/gpu-validation/regenerate.sh).
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_file;
using opgsim::test::shell_quote;
using opgsim::test::temp_dir;
}  // namespace

TEST_CASE("results/gpu-validation/table.md is what the code computes from the committed profiles") {
  const auto dir = temp_dir("gpu-validation-table");
  const auto table = dir / "table.md";
  const std::string cmd = fmt::format("bash {} {} --table-only {} >{} 2>&1",
                                      shell_quote(OPGSIM_SOURCE_DIR "/results/gpu-validation/regenerate.sh"),
                                      shell_quote(OPGSIM_BINARY), shell_quote(table.string()),
                                      shell_quote((dir / "log.txt").string()));
  const int status = std::system(cmd.c_str());
  INFO(read_file(dir / "log.txt"));
  REQUIRE(status == 0);
  const std::string now = read_file(table);
  const std::string committed = read_file(OPGSIM_SOURCE_DIR "/results/gpu-validation/table.md");
  CHECK_MESSAGE(now == committed, "table.md drifted from the code: run bash results/gpu-validation/regenerate.sh");
  CHECK(now.find("(no reason recorded)") == std::string::npos);
  CHECK(now.find("## Per-iteration kernel points") != std::string::npos);
  std::filesystem::remove_all(dir);
}
