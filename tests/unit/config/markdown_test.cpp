// The Markdown reference documents every field with its type, unit, default, range and meaning.
#include <doctest/doctest.h>

#include "sim/config/markdown.hpp"

using nlohmann::json;
using namespace opgsim::config;

TEST_CASE("one table per object, variants per type, every field present") {
  ObjectSchema region("A region.");
  region.field("name", Type::string().non_empty()).doc("Region name.");
  region.field("latency_s", Type::number().ge(0)).def(0.001).unit("s").doc("One-way | latency.");
  VariantSchema shape("A shape.");
  shape.type("circle", "Round.").field("radius", Type::number().gt(0)).def(1.0).unit("m").doc("Radius.");
  shape.type("dot", "No size.");
  ObjectSchema root("Root.");
  root.field("regions", Type::array_of(Type::object(region))).def(json::array()).doc("Regions.");
  root.field("shape", Type::variant(shape)).def(json{{"type", "dot"}}).doc("Shape.");
  root.field("mode", Type::one_of({"a", "b"})).def("a").doc("Mode.");

  const std::string md = schema_markdown(root);
  CHECK(md.find("### Top level") != std::string::npos);
  CHECK(md.find("### `regions[]`") != std::string::npos);
  CHECK(md.find("| `regions[].latency_s` | number | s | `0.001` | >= 0 | One-way \\| latency. |") != std::string::npos);
  CHECK(md.find("| `regions[].name` | string |  | required | non-empty | Region name. |") != std::string::npos);
  CHECK(md.find("| `mode` | string (enum) |  | `\"a\"` | `a`, `b` | Mode. |") != std::string::npos);
  CHECK(md.find("#### `shape` with `type: circle`") != std::string::npos);
  CHECK(md.find("| `shape.radius` | number | m | `1.0` | > 0 | Radius. |") != std::string::npos);
  CHECK(md.find("No parameters.") != std::string::npos);
  for (const auto& p : documented_paths(root)) {
    CAPTURE(p);
    CHECK(md.find("`" + p + "`") != std::string::npos);
  }
  CHECK(documented_paths(root) ==
        std::vector<std::string>{"regions", "shape", "mode", "regions[].name", "regions[].latency_s", "shape.type", "shape.radius"});
}
