// Schema validation on a small made-up schema: every error kind's exact line, defaults filled.
#include <doctest/doctest.h>

#include "sim/config/load.hpp"
#include "sim/config/validate.hpp"
#include "temp_files.hpp"

using nlohmann::json;
using namespace opgsim::config;
using opgsim::testing::input_error;
using opgsim::testing::TempDir;

namespace {

ObjectSchema toy() {
  ObjectSchema item("An item.");
  item.field("name", Type::string().non_empty()).doc("Name.");
  item.field("weight", Type::number().gt(0)).def(1.0).doc("Weight.");

  VariantSchema shape("A shape.");
  shape.type("circle", "Round.").field("radius", Type::number().gt(0)).def(1.0).unit("m").doc("Radius.");
  ObjectSchema& rect = shape.type("rect", "Square-ish.");
  rect.field("w", Type::number().gt(0)).unit("m").doc("Width.");
  rect.field("h", Type::number().gt(0)).unit("m").doc("Height.");

  ObjectSchema inner("Inner.");
  inner.field("count", Type::integer().ge(1)).def(8).doc("How many.");
  inner.field("ratio", Type::number().gt(0).le(1)).def(0.5).doc("A share.");
  inner.field("gpus", Type::integer().ge(1).le(8)).def(1).doc("Between 1 and 8.");
  inner.field("limit", Type::integer().ge(1).nullable()).def(nullptr).doc("Null means unlimited.");

  ObjectSchema root("Root.");
  root.field("duration_s", Type::number().gt(0)).def(600.0).unit("s").doc("Length.");
  root.field("seed", Type::integer().ge(0)).def(1).doc("Seed.");
  root.field("policy", Type::one_of({"random", "round_robin"})).def("random").doc("Policy.");
  root.field("verbose", Type::boolean()).def(false).doc("Chatty.");
  root.field("label", Type::string()).optional("computed later").doc("Label.");
  root.field("inner", Type::object(inner)).def(json::object()).doc("Inner object.");
  root.field("items", Type::array_of(Type::object(item)).non_empty()).def(json::array({{{"name", "a"}}})).doc("Items.");
  root.field("shape", Type::variant(shape)).def(json{{"type", "circle"}}).doc("Shape.");
  return root;
}

std::string error_of(const char* doc) {
  return input_error([&] { validate(toy(), json::parse(doc), Origins("f.json")); });
}

}  // namespace

TEST_CASE("defaults fill every absent field, recursively") {
  const json v = validate(toy(), json::object(), Origins("f.json"));
  CHECK(v == json::parse(R"({"duration_s": 600.0, "seed": 1, "policy": "random", "verbose": false,
      "inner": {"count": 8, "ratio": 0.5, "gpus": 1, "limit": null},
      "items": [{"name": "a", "weight": 1.0}], "shape": {"type": "circle", "radius": 1.0}})"));
  CHECK(!v.contains("label"));
}

TEST_CASE("unknown keys suggest the closest known key") {
  CHECK(error_of(R"({"inner": {"cont": 3}})") == "f.json: inner.cont: unknown key (did you mean 'count'?)");
  CHECK(error_of(R"({"duration": 3})") == "f.json: duration: unknown key (did you mean 'duration_s'?)");
  CHECK(error_of(R"({"zzz": 3})") ==
        "f.json: zzz: unknown key (known keys: duration_s, seed, policy, verbose, label, inner, items, shape)");
}

TEST_CASE("wrong types say what was expected and what was found") {
  CHECK(error_of(R"({"inner": {"count": -3}})") == "f.json: inner.count: expected a positive integer, got -3");
  CHECK(error_of(R"({"inner": {"count": 2.5}})") == "f.json: inner.count: expected a positive integer, got 2.5");
  CHECK(error_of(R"({"duration_s": "abc"})") == "f.json: duration_s: expected a number > 0, got \"abc\"");
  CHECK(error_of(R"({"policy": "fifo"})") == "f.json: policy: expected one of random, round_robin, got 'fifo'");
  CHECK(error_of(R"({"verbose": 1})") == "f.json: verbose: expected true or false, got 1");
  CHECK(error_of(R"({"inner": 3})") == "f.json: inner: expected an object, got 3");
  CHECK(error_of(R"({"items": []})") == "f.json: items: expected a non-empty array, got []");
  CHECK(error_of(R"({"inner": {"limit": 0}})") == "f.json: inner.limit: expected a positive integer or null, got 0");
}

TEST_CASE("out of range values show the range") {
  CHECK(error_of(R"({"duration_s": 0})") == "f.json: duration_s: expected a number > 0, got 0");
  CHECK(error_of(R"({"inner": {"ratio": 1.5}})") == "f.json: inner.ratio: expected a number > 0 and <= 1, got 1.5");
  CHECK(error_of(R"({"inner": {"gpus": 9}})") == "f.json: inner.gpus: expected an integer >= 1 and <= 8, got 9");
  CHECK(error_of(R"({"seed": -1})") == "f.json: seed: expected an integer >= 0, got -1");
}

TEST_CASE("array elements are addressed with [i]") {
  CHECK(error_of(R"({"items": [{"name": "a"}, {"name": "b", "weight": 0}]})") ==
        "f.json: items[1].weight: expected a number > 0, got 0");
  CHECK(error_of(R"({"items": [{"name": "a"}, {"weight": 2}]})") == "f.json: items[1].name: missing required key");
}

TEST_CASE("typed variants: unknown type lists the known ones, params are per type") {
  CHECK(error_of(R"({"shape": {"type": "triangle"}})") == "f.json: shape.type: unknown type 'triangle' (known: circle, rect)");
  CHECK(error_of(R"({"shape": {"type": "circel"}})") ==
        "f.json: shape.type: unknown type 'circel' (known: circle, rect); did you mean 'circle'?");
  CHECK(error_of(R"({"shape": {"radius": 2}})") == "f.json: shape.type: missing required key (one of: circle, rect)");
  CHECK(error_of(R"({"shape": {"type": "rect", "w": 1, "radius": 2}})") ==
        "f.json: shape.radius: not a parameter of type 'rect' (it belongs to circle; set it to null where the type is changed)");
  CHECK(error_of(R"({"shape": {"type": "rect", "w": 1, "zzz": 2}})") == "f.json: shape.zzz: unknown key (known keys: type, w, h)");
  CHECK(error_of(R"({"shape": {"type": "rect", "w": 1}})") == "f.json: shape.h: missing required key");
  CHECK(error_of(R"({"shape": {"type": "rect", "w": 1, "h": 1, "hh": 1}})") == "f.json: shape.hh: unknown key (did you mean 'h'?)");
  CHECK(error_of(R"({"shape": "circle"})") == "f.json: shape: expected an object with \"type\": circle | rect, got \"circle\"");
  const json v = validate(toy(), json::parse(R"({"shape": {"type": "rect", "w": 1, "h": 2}})"), Origins("f.json"));
  CHECK(v["shape"] == json::parse(R"({"type": "rect", "w": 1, "h": 2})"));
}

TEST_CASE("integers written as floats are accepted and normalized, nullables take null") {
  const json v = validate(toy(), json::parse(R"({"inner": {"count": 1e3, "limit": 5}})"), Origins("f.json"));
  CHECK(v["inner"]["count"].is_number_integer());
  CHECK(v["inner"]["count"] == 1000);
  CHECK(v["inner"]["limit"] == 5);
}

TEST_CASE("the validated document validates to itself") {
  const json once = validate(toy(), json::parse(R"({"inner": {"count": 3}, "label": "x"})"), Origins("f.json"));
  CHECK(validate(toy(), once, Origins("f.json")) == once);
}

TEST_CASE("load_validated: a --set on an unknown path is named as --set") {
  TempDir dir;
  const std::string f = dir.write("s.json", R"({"inner": {"count": 2}})");
  CHECK(input_error([&] { load_validated(f, {"inner.cont=3"}, toy()); }) ==
        "--set: inner.cont: unknown key (did you mean 'count'?)");
  CHECK(input_error([&] { load_validated(f, {"duration_s=0"}, toy()); }) == "--set: duration_s: expected a number > 0, got 0");
  const Document d = load_validated(f, {"inner.count=5", "policy=round_robin"}, toy());
  CHECK(d.value["inner"]["count"] == 5);
  CHECK(d.value["policy"] == "round_robin");
}

TEST_CASE("an error in a value inherited from a base names the base") {
  TempDir dir;
  const std::string base = dir.write("base.json", R"({"inner": {"count": -3}, "shape": {"type": "rect", "w": 1}})");
  const std::string top = dir.write("top.json", R"({"extends": "base.json", "seed": 2})");
  CHECK(input_error([&] { load_validated(top, {}, toy()); }) == base + ": inner.count: expected a positive integer, got -3");
  // A missing key inside an object only the base wrote is the base's to fix.
  CHECK(input_error([&] { load_validated(top, {"inner.count=2"}, toy()); }) == base + ": shape.h: missing required key");
  // Defaults are the top file's: an error caused by one names the file the user gave.
  CHECK(input_error([&] { load_validated(top, {"inner.count=2", "shape=null", "items=null", "seed=-1"}, toy()); }) ==
        "--set: seed: expected an integer >= 0, got -1");
}
