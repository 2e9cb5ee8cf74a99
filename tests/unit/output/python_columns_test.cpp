// python/opgsim/columns.json (the Python package's column types) is generated from the output
// declarations; this keeps it from drifting. With OPGSIM_UPDATE_RESULTS_README=1 it rewrites the
// file instead (results/update-reference.sh does that).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/output/python_columns.hpp"
#include "sim/roles/role_registry.hpp"

namespace {
using namespace opgsim::analysis::output;

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json find_column(const nlohmann::json& cols, const std::string& name) {
  for (const auto& c : cols)
    if (c.at("name") == name) return c;
  return nullptr;
}
}  // namespace

TEST_CASE("python/opgsim/columns.json holds the column types generated from the output declarations") {
  const std::filesystem::path file = std::filesystem::path(OPGSIM_SOURCE_DIR) / "python" / "opgsim" / "columns.json";
  const std::string current = python_columns_json(opgsim::role_signals());
  if (const char* update = std::getenv("OPGSIM_UPDATE_RESULTS_README"); update != nullptr && std::string(update) == "1") {
    const auto tmp = file.string() + ".tmp";
    std::ofstream(tmp, std::ios::binary) << current;
    std::filesystem::rename(tmp, file);
    MESSAGE("rewrote " << file.string());
    return;
  }
  INFO("run: bash results/update-reference.sh");
  CHECK(read(file) == current);
}

TEST_CASE("the Python column types follow the declared formats") {
  const auto j = nlohmann::json::parse(python_columns_json(opgsim::role_signals()));
  const auto& files = j.at("files");
  // Token amounts are integers of base units, prices and times doubles, names text.
  CHECK(find_column(files.at("ledger.csv"), "supply_units").at("type") == "int");
  CHECK(find_column(files.at("ledger.csv"), "supply_units").at("unit") == "base units");
  CHECK(find_column(files.at("ledger.csv"), "token_price_usd").at("type") == "float");
  CHECK(find_column(files.at("ledger.csv"), "operators_active").at("type") == "int");
  CHECK(find_column(files.at("ledger.csv"), "<role>_operators_active").at("type") == "int");
  CHECK(find_column(files.at("timeseries.csv"), "in_flight").at("type") == "int");
  CHECK(find_column(files.at("timeseries.csv"), "latency_p99_s").at("type") == "float");
  CHECK(find_column(files.at("timeseries.csv"), "up_validator").at("type") == "int");
  CHECK(find_column(files.at("accounts.csv"), "label").at("type") == "text");
  CHECK(find_column(files.at("events.csv"), "amount_units").at("type") == "int");
  CHECK(find_column(files.at("events.csv"), "nonexistent").is_null());
}
