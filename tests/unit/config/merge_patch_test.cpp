// RFC 7386 merge patch: the RFC's own test vectors (Appendix A), plus origin tracking.
#include <doctest/doctest.h>

#include "sim/config/merge_patch.hpp"

using nlohmann::json;
using opgsim::config::merge_patched;
using opgsim::config::Origins;
using opgsim::config::Path;

TEST_CASE("RFC 7386 appendix A examples") {
  struct Case {
    const char* target;
    const char* patch;
    const char* result;
  };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", R"(null)", R"(null)"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.target);
    CAPTURE(c.patch);
    CHECK(merge_patched(json::parse(c.target), json::parse(c.patch)) == json::parse(c.result));
  }
}

TEST_CASE("arrays are replaced, never merged element by element") {
  const json base = json::parse(R"({"phases":[{"duration_s":10,"rate_rps":1},{"duration_s":5,"rate_rps":2}]})");
  const json patch = json::parse(R"({"phases":[{"rate_rps":3}]})");
  CHECK(merge_patched(base, patch) == json::parse(R"({"phases":[{"rate_rps":3}]})"));
}

TEST_CASE("origins follow the last writer of each value") {
  Origins o("top.json");
  json doc = json::object();
  opgsim::config::merge_patch(doc, json::parse(R"({"a":{"x":1,"y":2},"list":[1,2],"s":"v"})"), "base.json", o);
  opgsim::config::merge_patch(doc, json::parse(R"({"a":{"y":3},"list":[9],"s":null})"), "top.json", o);
  CHECK(o.of(Path().key("a").key("x")) == "base.json");
  CHECK(o.of(Path().key("a").key("y")) == "top.json");
  CHECK(o.of(Path().key("list").index(0)) == "top.json");  // inside an array: the array's writer
  CHECK(o.of(Path().key("s")) == "top.json");              // deleted: back to the top file
  CHECK(o.of(Path().key("never").key("set")) == "top.json");
  CHECK(o.of(Path().key("a")) == "top.json");              // members from two files: ambiguous
}

TEST_CASE("an object written by one file is attributed to it as a whole") {
  Origins o("top.json");
  json doc = json::object();
  opgsim::config::merge_patch(doc, json::parse(R"({"arrivals":{"type":"trace"}})"), "base.json", o);
  CHECK(o.of(Path().key("arrivals")) == "base.json");
  CHECK(o.of(Path().key("arrivals").key("file")) == "top.json");  // never written: a default
}
