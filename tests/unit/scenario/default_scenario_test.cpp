// The default scenario dump and the generated reference stay consistent with the schema.
#include <doctest/doctest.h>

#include <fstream>

#include "../config/temp_files.hpp"
#include "sim/config/markdown.hpp"
#include "sim/config/validate.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_schema.hpp"

using nlohmann::json;

TEST_CASE("the default dump round-trips through loading") {
  const json d = opgsim::default_scenario();
  CHECK(d["name"] == "default");
  CHECK(d["roles"]["inference"]["regions"] == json::array({"eu"}));
  CHECK(d["router"]["region"] == "eu");
  CHECK(!d.contains("extends"));
  CHECK(opgsim::config::validate(opgsim::scenario_schema(), d, opgsim::config::Origins("d.json")) == d);

  opgsim::testing::TempDir dir;
  const std::string f = dir.write("default.json", d.dump(2));
  const auto s = opgsim::load_scenario(f, {});
  CHECK(s.resolved == d);
}

TEST_CASE("the reference mentions every field") {
  const std::string md = opgsim::scenario_reference_markdown();
  const auto paths = opgsim::config::documented_paths(opgsim::scenario_schema());
  CHECK(paths.size() > 50);
  for (const auto& p : paths) {
    CAPTURE(p);
    CHECK(md.find("`" + p + "`") != std::string::npos);
  }
  for (const char* p : {"seed", "duration_s", "warmup_s", "roles.inference.count", "roles.inference.service.mean_s",
                        "roles.inference.service.gpu", "roles.inference.service.model", "router.policy",
                        "workload.arrivals.rate_rps", "workload.arrivals.phases[].duration_s", "workload.arrivals.file",
                        "workload.prompt_tokens.median", "platform.regions[].bandwidth_Bps", "output.window_s"}) {
    CAPTURE(p);
    CHECK(md.find(std::string("`") + p + "`") != std::string::npos);
  }
}
