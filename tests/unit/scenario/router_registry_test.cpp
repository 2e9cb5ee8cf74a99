// router.policy and router.view through their registries: the object form with parameters,
// defaults from the registry line, unknown types and parameters, --set on the object, and the
// deprecated bare policy name (rewritten, with one warning line naming file, path and the fix).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "load_error.hpp"
#include "sim/config/extends.hpp"
#include "sim/scenario/deprecated_forms.hpp"

using opgsim::load_scenario;
using opgsim::testing::input_error;
using opgsim::testing::load_error;
using opgsim::testing::TempDir;

TEST_CASE("router.policy as an object: parameters, and defaults from the registry line") {
  TempDir dir;
  auto s = load_scenario(dir.write("a.json", R"({"router": {"policy": {"type": "power_of_d", "d": 3}}})"), {});
  CHECK(s.router.policy.type == "power_of_d");
  CHECK(s.router.policy.params.get("d", 0) == 3);
  CHECK(s.resolved["router"]["policy"] == nlohmann::json{{"type", "power_of_d"}, {"d", 3}});
  s = load_scenario(dir.write("b.json", R"({"router": {"policy": {"type": "power_of_d"}}})"), {});
  CHECK(s.router.policy.params.get("d", 0) == 2);
  s = load_scenario(dir.write("c.json", "{}"), {});
  CHECK(s.router.policy.type == "least_outstanding");
  CHECK(s.router.policy.params.all().empty());
  CHECK(s.resolved["router"]["view"] == nlohmann::json{{"type", "exact"}});
}

TEST_CASE("router.policy: unknown types and parameters are errors naming the path") {
  TempDir dir;
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"router": {"policy": {"type": "power_of_tow"}}})") ==
        f + ": router.policy.type: unknown type 'power_of_tow' (known: random, round_robin, least_outstanding, "
            "power_of_two, central_queue, stake_weighted, power_of_d); did you mean 'power_of_two'?");
  CHECK(load_error(dir, R"({"router": {"policy": {"type": "power_of_d", "k": 3}}})") ==
        f + ": router.policy.k: unknown key (did you mean 'd'?)");
  CHECK(load_error(dir, R"({"router": {"policy": {"type": "random", "d": 3}}})") ==
        f + ": router.policy.d: not a parameter of type 'random' (it belongs to power_of_d; set it to null where the type "
            "is changed)");
  CHECK(load_error(dir, R"({"router": {"policy": {"type": "power_of_d", "d": 0}}})") ==
        f + ": router.policy.d: expected an integer >= 1 and <= 1000000, got 0");
  CHECK(load_error(dir, R"({"router": {"policy": {"type": "power_of_d", "d": 1.5}}})") ==
        f + ": router.policy.d: expected an integer >= 1 and <= 1000000, got 1.5");
  CHECK(load_error(dir, R"({"router": {"policy": {"d": 2}}})") ==
        f + ": router.policy.type: missing required key (one of: random, round_robin, least_outstanding, power_of_two, "
            "central_queue, stake_weighted, power_of_d)");
}

TEST_CASE("router.view: exact by default, periodic and piggyback with their parameters") {
  TempDir dir;
  auto s = load_scenario(dir.write("a.json", R"({"router": {"view": {"type": "periodic", "period_s": 0.5}}})"), {});
  CHECK(s.router.view.type == "periodic");
  CHECK(s.router.view.params.get("period_s", 0) == 0.5);
  CHECK(s.router.view.params.get("count_dispatches", -1) == 1);
  s = load_scenario(dir.write("b.json", R"({"router": {"view": {"type": "piggyback", "count_dispatches": false}}})"), {});
  CHECK(s.router.view.type == "piggyback");
  CHECK(s.router.view.params.get("count_dispatches", -1) == 0);
  const std::string f = dir / "s.json";
  CHECK(load_error(dir, R"({"router": {"view": {"type": "periodic", "period_s": 0}}})") ==
        f + ": router.view.period_s: expected a number > 0 and <= 1000000000, got 0");
  CHECK(load_error(dir, R"({"router": {"view": {"type": "stale"}}})") ==
        f + ": router.view.type: unknown type 'stale' (known: exact, periodic, piggyback)");
  CHECK(load_error(dir, R"({"router": {"view": {"type": "exact", "period_s": 1}}})") ==
        f + ": router.view.period_s: not a parameter of type 'exact' (it belongs to periodic; set it to null where the "
            "type is changed)");
}

TEST_CASE("--set reaches into the policy object, also over a deprecated bare name") {
  TempDir dir;
  const std::string obj = dir.write("o.json", R"({"router": {"policy": {"type": "random"}}})");
  auto s = load_scenario(obj, {"router.policy.type=power_of_d", "router.policy.d=5"});
  CHECK(s.router.policy.type == "power_of_d");
  CHECK(s.router.policy.params.get("d", 0) == 5);
  const std::string bare = dir.write("b.json", R"({"router": {"policy": "random"}})");
  s = load_scenario(bare, {"router.policy.type=power_of_two"});
  CHECK(s.router.policy.type == "power_of_two");
  s = load_scenario(obj, {R"(router.policy={"type":"power_of_d","d":4})"});
  CHECK(s.router.policy.params.get("d", 0) == 4);
  CHECK(input_error([&] { load_scenario(obj, {"router.policy.d=4"}); }) ==
        "--set: router.policy.d: not a parameter of type 'random' (it belongs to power_of_d; set it to null where the "
        "type is changed)");
}

TEST_CASE("a bare policy name: rewritten to {\"type\": ...} with one warning line naming file, path and fix") {
  opgsim::config::Document d;
  d.origins = opgsim::config::Origins("old.json");
  d.value = nlohmann::json::parse(R"({"router": {"policy": "power_of_two", "placement": "gateway"}})");
  std::ostringstream warnings;
  opgsim::upgrade_deprecated_forms(d, warnings);
  CHECK(d.value["router"]["policy"] == nlohmann::json{{"type", "power_of_two"}});
  CHECK(warnings.str() ==
        "old.json: router.policy: warning: a bare policy name is deprecated; write {\"type\": \"power_of_two\"} (bare "
        "names will be refused in the next release)\n");
  opgsim::upgrade_deprecated_forms(d, warnings);  // already the object form: nothing more
  const std::string written = warnings.str();
  CHECK(std::count(written.begin(), written.end(), '\n') == 1);
  // An unknown name is rewritten without a warning, for the schema to refuse as an unknown type.
  d.value = nlohmann::json::parse(R"({"router": {"policy": "fifo"}})");
  std::ostringstream none;
  opgsim::upgrade_deprecated_forms(d, none);
  CHECK(none.str().empty());
  CHECK(d.value["router"]["policy"] == nlohmann::json{{"type", "fifo"}});
}
