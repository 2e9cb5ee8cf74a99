// JSON file reading: every failure is one line that names the file and the position.
#include <doctest/doctest.h>

#include "sim/config/json_file.hpp"
#include "temp_files.hpp"

using opgsim::config::read_json_file;
using opgsim::testing::input_error;
using opgsim::testing::TempDir;

TEST_CASE("malformed JSON names the file, line and column in one line") {
  TempDir dir;
  const std::string f = dir.write("bad.json", "{\n  \"seed\": 1,\n}\n");
  CHECK(input_error([&] { read_json_file(f); }) ==
        f + ": line 3, column 1: unexpected '}'; expected string literal (while parsing object key)");
}

TEST_CASE("an invalid literal shows what was read") {
  TempDir dir;
  const std::string f = dir.write("bad.json", "{\"a\": tru}");
  CHECK(input_error([&] { read_json_file(f); }) ==
        f + ": line 1, column 10: invalid literal; last read: '\"a\": tru}' (while parsing value)");
}

TEST_CASE("an empty file is malformed JSON") {
  TempDir dir;
  const std::string f = dir.write("empty.json", "");
  CHECK(input_error([&] { read_json_file(f); }) ==
        f + ": line 1, column 1: unexpected end of input; expected '[', '{', or a literal (while parsing value)");
}

TEST_CASE("a missing file says so") {
  TempDir dir;
  const std::string f = dir / "nope.json";
  CHECK(input_error([&] { read_json_file(f); }) == f + ": cannot open file (No such file or directory)");
}

TEST_CASE("a folder is not a file") {
  TempDir dir;
  CHECK(input_error([&] { read_json_file(dir.str()); }) == dir.str() + ": cannot open file (Is a directory)");
}

TEST_CASE("a good file parses") {
  TempDir dir;
  const std::string f = dir.write("ok.json", R"({"a": [1, 2.5, "x"], "b": {"c": null}})");
  const auto j = read_json_file(f);
  CHECK(j["a"][1] == 2.5);
  CHECK(j["b"]["c"].is_null());
}
