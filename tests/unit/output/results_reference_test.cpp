// results/README.md embeds reference tables generated from the output declarations; this keeps
// them from drifting apart. With OPGSIM_UPDATE_RESULTS_README=1 it rewrites the README instead
// (results/update-reference.sh does that).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "analysis/output/results_reference.hpp"
#include "sim/roles/role_registry.hpp"

namespace {
using namespace opgsim::analysis::output;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_CASE("results/README.md holds the reference tables generated from the output declarations") {
  const std::filesystem::path readme = std::filesystem::path(OPGSIM_SOURCE_DIR) / "results" / "README.md";
  const std::string text = read(readme);
  REQUIRE(!text.empty());
  const std::string current = update_generated_sections(text, opgsim::role_signals());
  if (const char* update = std::getenv("OPGSIM_UPDATE_RESULTS_README"); update != nullptr && std::string(update) == "1") {
    const auto tmp = readme.string() + ".tmp";
    std::ofstream(tmp, std::ios::binary) << current;
    std::filesystem::rename(tmp, readme);
    MESSAGE("rewrote " << readme.string());
    return;
  }
  INFO("run: bash results/update-reference.sh");
  CHECK(text == current);
}

TEST_CASE("generated sections need their markers, in order") {
  CHECK_THROWS_AS(update_generated_sections("no markers", opgsim::role_signals()), std::invalid_argument);
  std::string all;
  for (auto name : generated_section_names())
    all += "<!-- BEGIN GENERATED " + std::string(name) + " -->\nstale\n<!-- END GENERATED " + std::string(name) + " -->\n";
  const std::string updated = update_generated_sections(all, opgsim::role_signals());
  CHECK(updated.find("stale") == std::string::npos);
  CHECK(update_generated_sections(updated, opgsim::role_signals()) == updated);
  CHECK(updated.find("| `stages.<stage>.{count,mean,p50,p90,p99,max}` | s |") != std::string::npos);
}
