// scenarios/README.md embeds the field reference generated from the schema; this keeps the two
// from drifting apart (regenerate with scenarios/update-reference.sh).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sim/scenario/scenario.hpp"

TEST_CASE("scenarios/README.md holds the current generated field reference") {
  std::ifstream in(std::string(OPGSIM_SOURCE_DIR) + "/scenarios/README.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string readme = ss.str();
  const std::string begin = "<!-- BEGIN GENERATED REFERENCE -->\n";
  const std::string end = "<!-- END GENERATED REFERENCE -->";
  const auto b = readme.find(begin);
  const auto e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  const std::string embedded = readme.substr(b + begin.size(), e - b - begin.size());
  INFO("run: bash scenarios/update-reference.sh");
  CHECK(embedded == opgsim::scenario_reference_markdown());
}
