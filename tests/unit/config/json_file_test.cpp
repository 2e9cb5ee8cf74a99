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

TEST_CASE("a number beyond a double's range is a parse error with its position") {
  TempDir dir;
  const std::string f = dir.write("big.json", "{\n  \"a\": [1,\n    -2e400]}");
  CHECK(input_error([&] { read_json_file(f); }) ==
        f + ": line 3, column 5: number out of range (beyond +-1.8e308, a double's limit), got -2e400");
}

TEST_CASE("a key repeated in one object is an error naming its path") {
  TempDir dir;
  const std::string f = dir.write("dup.json", R"({"a": {"b": 1, "c": [{"d": 1, "d": 2}]}})");
  CHECK(input_error([&] { read_json_file(f); }) ==
        f + ": a.c[0].d: duplicate key (a key may appear only once in an object)");
  const std::string g = dir.write("dup2.json", R"({"x": 1, "y": {}, "x": 2})");
  CHECK(input_error([&] { read_json_file(g); }) == g + ": x: duplicate key (a key may appear only once in an object)");
}

TEST_CASE("nesting deeper than the limit is refused, the limit itself is fine") {
  TempDir dir;
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(read_json_file(dir.write("ok.json", nested(opgsim::config::kMaxJsonDepth))).is_array());
  const std::string f = dir.write("deep.json", nested(100000));
  const std::string msg = input_error([&] { read_json_file(f); });
  CHECK(msg.find(f + ": [0][0][0]") == 0);
  CHECK(msg.find(": nested deeper than 64 levels") != std::string::npos);
}

TEST_CASE("devices are not read") {
  CHECK(input_error([&] { read_json_file("/dev/zero"); }) ==
        "/dev/zero: not a regular file (devices, FIFOs and sockets are refused)");
}

TEST_CASE("control characters in keys are escaped in messages") {
  CHECK(opgsim::InputError("a.json: x\ny\t\x1b: bad").what() == std::string("a.json: x\\ny\\t\\u001b: bad"));
}

TEST_CASE("the depth error names where the too-deep value sits") {
  TempDir dir;
  const std::string f = dir.write("deep.json", R"({"a": [1, )" + std::string(70, '[') + std::string(70, ']') + "]}");
  const std::string msg = input_error([&] { read_json_file(f); });
  CHECK(msg.rfind(f + ": a[1][0][0]", 0) == 0);
}
