// Typo suggestions for unknown keys and types.
#include <doctest/doctest.h>

#include "sim/config/suggest.hpp"

using namespace opgsim::config;

TEST_CASE("edit distance counts transpositions as one edit") {
  CHECK(edit_distance("count", "count") == 0);
  CHECK(edit_distance("cont", "count") == 1);
  CHECK(edit_distance("cuont", "count") == 1);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("only plausible typos are suggested") {
  const std::vector<std::string> keys{"count", "regions", "service", "queue_limit"};
  CHECK(closest("cont", keys) == "count");
  CHECK(closest("region", keys) == "regions");
  CHECK(closest("queue", keys) == "queue_limit");
  CHECK_FALSE(closest("xyz", keys).has_value());
  CHECK_FALSE(closest("policy", keys).has_value());
}
