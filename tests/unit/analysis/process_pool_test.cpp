// How a child's end is reported: an exit code as such, a signal by its number and name.
#include <doctest/doctest.h>

#include "analysis/sweep/process_pool.hpp"

using opgsim::analysis::describe_exit;

TEST_CASE("a child's exit code or signal is described in words") {
  CHECK(describe_exit(0) == "exit 0");
  CHECK(describe_exit(3) == "exit 3");
  CHECK(describe_exit(-9) == "killed by signal 9 (SIGKILL)");
  CHECK(describe_exit(-11) == "killed by signal 11 (SIGSEGV)");
}
