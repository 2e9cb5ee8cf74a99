// Unit tests of the router's candidate sets per model (models/policy/model_groups.hpp).
#include <doctest/doctest.h>

#include <stdexcept>

#include "models/policy/model_groups.hpp"

using opgsim::policy::group_nodes_by_model;

TEST_CASE("without pools every class shares one set of every node") {
  const auto g = group_nodes_by_model({"", "", ""}, {"", "", ""});
  REQUIRE(g.members.size() == 1);
  CHECK(g.members[0] == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(g.class_group == std::vector<std::uint32_t>{0, 0, 0});
}

TEST_CASE("a class that names a model gets only the nodes serving it") {
  // Nodes 0-2 serve llm, 3-4 serve small; classes: llm, small, any, llm.
  const auto g = group_nodes_by_model({"llm", "llm", "llm", "small", "small"}, {"llm", "small", "", "llm"});
  REQUIRE(g.members.size() == 3);
  CHECK(g.members[0] == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(g.members[1] == std::vector<std::uint32_t>{3, 4});
  CHECK(g.members[2] == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
  CHECK(g.class_group == std::vector<std::uint32_t>{0, 1, 2, 0});
}

TEST_CASE("a model no node serves is refused") {
  CHECK_THROWS_AS(group_nodes_by_model({"llm"}, {"other"}), std::invalid_argument);
}
