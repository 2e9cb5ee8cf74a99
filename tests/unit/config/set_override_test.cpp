// --set: dotted paths with [i] for array elements, JSON-or-bare-string values.
#include <doctest/doctest.h>

#include "sim/config/set_override.hpp"

#include "temp_files.hpp"

using nlohmann::json;
using opgsim::config::apply_sets;
using opgsim::config::Document;
using opgsim::config::parse_assignment;
using opgsim::config::Path;
using opgsim::testing::input_error;

namespace {
Document doc_of(const char* text) {
  Document d;
  d.origins = opgsim::config::Origins("s.json");
  d.value = json::parse(text);
  return d;
}
}  // namespace

TEST_CASE("values parse as JSON when they can, else as bare strings") {
  CHECK(parse_assignment("a=5").value == 5);
  CHECK(parse_assignment("a=2.5").value == 2.5);
  CHECK(parse_assignment("a=true").value == true);
  CHECK(parse_assignment("a=null").value.is_null());
  CHECK(parse_assignment("a=[1,2]").value == json::array({1, 2}));
  CHECK(parse_assignment(R"(a={"type":"poisson","rate_rps":3})").value == json{{"type", "poisson"}, {"rate_rps", 3}});
  CHECK(parse_assignment(R"(a="42")").value == "42");
  CHECK(parse_assignment("a=round_robin").value == "round_robin");
  CHECK(parse_assignment("a=x=y").value == "x=y");
  CHECK(parse_assignment("a=").value == "");
}

TEST_CASE("paths: dotted keys and [i] indices") {
  CHECK(parse_assignment("workload.arrivals.phases[2].rate_rps=1").path.dotted() == "workload.arrivals.phases[2].rate_rps");
  CHECK(parse_assignment("m[0][1]=1").path.pointer() == "/m/0/1");
}

TEST_CASE("a malformed assignment is one line") {
  CHECK(input_error([] { parse_assignment("seed"); }) == "--set: expected dotted.path=value, got 'seed'");
  CHECK(input_error([] { parse_assignment("=3"); }) == "--set: expected dotted.path=value, got '=3'");
  CHECK(input_error([] { parse_assignment("a..b=3"); }) ==
        "--set: expected dotted.path=value, got 'a..b=3' (empty key in the path)");
  CHECK(input_error([] { parse_assignment("a[x]=3"); }) ==
        "--set: expected dotted.path=value, got 'a[x]=3' (array index must be [0], [1], ...)");
  CHECK(input_error([] { parse_assignment("a.=3"); }) ==
        "--set: expected dotted.path=value, got 'a.=3' (the path ends with '.')");
}

TEST_CASE("sets replace values, create objects, and are attributed to --set") {
  Document d = doc_of(R"({"a": {"b": 1, "c": 2}, "phases": [{"r": 1}, {"r": 2}]})");
  apply_sets(d, {"a.b=5", "x.y.z=hello", "phases[1].r=7", "a.c=null"});
  CHECK(d.value == json::parse(R"({"a": {"b": 5}, "x": {"y": {"z": "hello"}}, "phases": [{"r": 1}, {"r": 7}]})"));
  CHECK(d.origins.of(Path().key("a").key("b")) == "--set");
  CHECK(d.origins.of(Path().key("x").key("y").key("z")) == "--set");
  CHECK(d.origins.of(Path().key("phases").index(1).key("r")) == "--set");
}

TEST_CASE("an object value replaces, it does not merge") {
  Document d = doc_of(R"({"a": {"b": 1}})");
  apply_sets(d, {R"(a={"c":2})"});
  CHECK(d.value == json::parse(R"({"a": {"c": 2}})"));
}

TEST_CASE("array index out of range, dotted index, and paths through scalars are errors") {
  Document d = doc_of(R"({"phases": [{"r": 1}, {"r": 2}], "seed": 3})");
  CHECK(input_error([&] { apply_sets(d, {"phases[2].r=1"}); }) == "--set: phases[2]: index out of range (phases has 2 elements)");
  CHECK(input_error([&] { apply_sets(d, {"phases.1.r=1"}); }) == "--set: phases: is an array: address its elements as phases[1]");
  CHECK(input_error([&] { apply_sets(d, {"seed.x=1"}); }) == "--set: seed: is a number, not an object");
  CHECK(input_error([&] { apply_sets(d, {"seed[0]=1"}); }) == "--set: seed[0]: seed is a number, not an array");
  CHECK(input_error([&] { apply_sets(d, {"other[0]=1"}); }) ==
        "--set: other[0]: index out of range (other is not in the scenario; set the whole array)");
  CHECK(input_error([&] { apply_sets(d, {"extends=x.json"}); }) ==
        "--set: extends: cannot be overridden (extends is followed before --set applies)");
}

TEST_CASE("a JSON value given with --set gets the file parser's checks") {
  CHECK(input_error([] { parse_assignment(R"(a.b={"x": 1, "x": 2})"); }) ==
        "--set: a.b: x: duplicate key (a key may appear only once in an object)");
  CHECK(parse_assignment("a=1e999").value == json("1e999"));  // not JSON a double can hold: a bare string
}
