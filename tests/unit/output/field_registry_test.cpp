// Declared JSON output fields: patterns expand as documented, undeclared and missing keys are
// found, the writer refuses undeclared paths, and RunMetrics' part of summary.json is declared.
#include <doctest/doctest.h>

#include <stdexcept>

#include "analysis/output/json_writer.hpp"
#include "analysis/output/manifest_fields.hpp"
#include "analysis/output/summary_fields.hpp"
#include "analysis/run_metrics.hpp"
#include "sim/roles/role_registry.hpp"

namespace {
using namespace opgsim::analysis::output;
using nlohmann::json;

constexpr FieldDecl kFields[] = {
    {"a.<k>.{x,y}", "s", "pattern"},
    {"b", "count", "conditional", "sometimes"},
    {"blob", "", "opaque", {}, true},
};
const FieldRegistry& registry() {
  static const FieldRegistry r("test.json", kFields, {{"k", {"one", "two"}}});
  return r;
}
}  // namespace

TEST_CASE("field patterns expand alternatives and placeholders") {
  CHECK(registry().expand("a.<k>.{x,y}") == std::vector<std::string>{"a.one.x", "a.one.y", "a.two.x", "a.two.y"});
  CHECK(registry().find("a.two.y") == &kFields[0]);
  CHECK(registry().find("a.three.y") == nullptr);
  CHECK(registry().find("blob.anything.below") == &kFields[2]);
  CHECK_THROWS_AS(registry().expand("a.<nope>"), std::logic_error);
  static constexpr FieldDecl twice[] = {{"a.{x,y}", "", ""}, {"a.x", "", ""}};
  CHECK_THROWS_AS(FieldRegistry("t", twice, {}), std::logic_error);
}

TEST_CASE("undeclared and missing fields are reported") {
  const json ok = {{"a", {{"one", {{"x", 1}, {"y", 2}}}, {"two", {{"x", 1}, {"y", 2}}}}}, {"blob", {{"free", {1, 2}}}}};
  CHECK(registry().undeclared(ok).empty());
  CHECK(registry().missing(ok).empty());  // b is conditional
  json bad = ok;
  bad["a"]["one"]["z"] = 3;
  bad["a"].erase("two");
  CHECK(registry().undeclared(bad) == std::vector<std::string>{"a.one.z"});
  CHECK(registry().missing(bad) == std::vector<std::string>{"a.two.x", "a.two.y"});
  CHECK_THROWS_AS(registry().require_declared(bad), std::logic_error);
}

TEST_CASE("the JSON writer sets declared paths under its prefix and refuses others") {
  JsonWriter w(registry(), "a");
  w.set("one.x", 1.5);
  CHECK_THROWS_AS(w.set("one.z", 1), std::logic_error);
  CHECK(w.json() == json{{"one", {{"x", 1.5}}}});
}

TEST_CASE("the summary.json and manifest.json registries are well formed") {
  for (const FieldRegistry* r : {&summary_fields(), &manifest_fields()}) {
    CAPTURE(r->file());
    for (const FieldDecl& f : r->fields()) {
      CAPTURE(f.path);
      CHECK(!f.doc.empty());
      CHECK(!r->expand(f.path).empty());
    }
  }
  CHECK(summary_fields().find("stages.settle.p99") != nullptr);
  CHECK(summary_fields().find("requests.unfinished") != nullptr);
}

TEST_CASE("RunMetrics writes only declared summary.json fields, every always-present one included") {
  using namespace opgsim::analysis;
  for (const bool all : {false, true}) {
    MetricsConfig cfg{.warmup_s = 0, .duration_s = 10, .horizon_s = 20, .window_s = 5, .token_metrics = all,
                      .has_router = all, .has_settlement = all, .has_data = all, .roles = opgsim::role_signals(), .role_has_nodes = {}};
    // Every scenario has inference nodes; `all`: every other role too.
    for (const RoleSignals& r : cfg.roles) cfg.role_has_nodes.push_back(all || r.role == "inference");
    RunMetrics m(cfg);
    m.finish(20);
    const json s = m.summary();
    CHECK(summary_fields().undeclared(s).empty());
    // Those the engine adds (invariants, sim_end_s) are missing here, and only those.
    for (const std::string& p : summary_fields().missing(s)) {
      CAPTURE(p);
      CHECK((p.rfind("invariants.", 0) == 0 || p == "sim_end_s"));
    }
  }
}
