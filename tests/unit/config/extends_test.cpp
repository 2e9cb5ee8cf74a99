// extends: base first, then the extending file as a merge patch; cycles and missing bases are
// one-line errors naming the file that has the bad extends.
#include <doctest/doctest.h>

#include "sim/config/extends.hpp"
#include "temp_files.hpp"

using nlohmann::json;
using opgsim::config::load_with_extends;
using opgsim::config::Path;
using opgsim::testing::input_error;
using opgsim::testing::TempDir;

TEST_CASE("extends merges the file over its base, recursively, and drops the extends key") {
  TempDir dir;
  dir.write("root.json", R"({"a": 1, "b": {"c": 2, "d": 3}, "list": [1, 2]})");
  dir.write("sub/base.json", R"({"extends": "../root.json", "b": {"d": 4}, "e": 5})");
  const std::string top = dir.write("sub/top.json", R"({"extends": "base.json", "list": [7], "a": null})");
  const auto d = load_with_extends(top);
  CHECK(d.value == json::parse(R"({"b": {"c": 2, "d": 4}, "e": 5, "list": [7]})"));
  CHECK(d.origins.of(Path().key("b").key("c")) == dir / "root.json");
  CHECK(d.origins.of(Path().key("b").key("d")) == dir / "sub/base.json");
  CHECK(d.origins.of(Path().key("list")) == top);
  CHECK(d.origins.of(Path().key("a")) == top);  // deleted: whatever fills it is the top file's
}

TEST_CASE("an extends cycle lists the chain") {
  TempDir dir;
  dir.write("a.json", R"({"extends": "b.json"})");
  dir.write("b.json", R"({"extends": "a.json"})");
  const std::string a = dir / "a.json", b = dir / "b.json";
  CHECK(input_error([&] { load_with_extends(a); }) == b + ": extends: cycle " + a + " -> " + b + " -> " + a);
}

TEST_CASE("a file extending itself is a cycle") {
  TempDir dir;
  const std::string a = dir.write("a.json", R"({"extends": "./a.json"})");
  CHECK(input_error([&] { load_with_extends(a); }) == a + ": extends: cycle " + a + " -> " + a);
}

TEST_CASE("a missing extends target names the extending file") {
  TempDir dir;
  const std::string a = dir.write("a.json", R"({"extends": "base.json"})");
  CHECK(input_error([&] { load_with_extends(a); }) ==
        a + ": extends: cannot open '" + (dir / "base.json") + "' (No such file or directory)");
}

TEST_CASE("extends must be a string, the top level must be an object") {
  TempDir dir;
  const std::string a = dir.write("a.json", R"({"extends": 3})");
  CHECK(input_error([&] { load_with_extends(a); }) == a + ": extends: expected a string (a path relative to this file), got 3");
  const std::string b = dir.write("b.json", R"([1, 2])");
  CHECK(input_error([&] { load_with_extends(b); }) == b + ": expected a JSON object at the top level, got [1,2]");
}

TEST_CASE("malformed JSON in a base names the base") {
  TempDir dir;
  const std::string base = dir.write("base.json", "{\"a\": }");
  const std::string top = dir.write("top.json", R"({"extends": "base.json"})");
  CHECK(input_error([&] { load_with_extends(top); }) ==
        base + ": line 1, column 7: unexpected '}'; expected '[', '{', or a literal (while parsing value)");
}

TEST_CASE("an extends naming a device is refused before it is read (it would never end)") {
  TempDir dir;
  const std::string top = dir.write("top.json", R"({"extends": "/dev/zero"})");
  CHECK(input_error([&] { load_with_extends(top); }) ==
        top + ": extends: /dev/zero: not a regular file (devices, FIFOs and sockets are refused)");
}
