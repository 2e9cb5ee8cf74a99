// Bound declarations (sim/config/bind.hpp, family.hpp): one field declaration validates, fills
// the default and converts into the struct member; a family resolves its type through its entries.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/common/input_error.hpp"
#include "sim/config/bind.hpp"
#include "sim/config/family.hpp"
#include "sim/config/validate.hpp"

using namespace opgsim::config;
using nlohmann::json;

namespace {

enum class Mode { Pull, Push };
constexpr std::array<std::pair<Mode, const char*>, 2> kModes{{{Mode::Pull, "pull"}, {Mode::Push, "push"}}};

struct Inner {
  double a = 0;
  double b = 0;
};

struct Item {
  std::string name;
  std::uint32_t n = 0;
};

struct Spec {
  double rate = 0;
  bool on = false;
  std::string label;
  std::uint32_t count = 0;
  std::uint64_t big = 0;
  std::optional<std::uint32_t> limit;
  std::vector<std::string> tags;
  Mode mode = Mode::Pull;
  Inner inner;
  std::vector<Item> items;
  double timer = 0;
  double inner_b_twice = 0;
};

Bind<Spec> spec_binding() {
  Bind<Inner> inner("An inner object.");
  inner.field("a", &Inner::a, Type::number().ge(0)).def(1.5).doc("A.");
  Bind<Item> item("One item.");
  item.field("name", &Item::name, Type::string().non_empty()).doc("Name.");
  item.field("n", &Item::n, Type::integer().ge(0)).def(3).doc("N.");

  Bind<Spec> s("A spec.");
  s.field("rate", &Spec::rate, Type::number().gt(0).le(10)).def(2.0).unit("1/s").doc("Rate.");
  s.field("on", &Spec::on, Type::boolean()).def(true).doc("On.");
  s.field("label", &Spec::label, Type::string()).def("x").doc("Label.");
  s.field("count", &Spec::count, Type::integer().ge(0)).def(4).doc("Count.");
  s.field("big", &Spec::big, Type::integer().ge(0)).def(5000000000).doc("Big.");
  s.field("limit", &Spec::limit, Type::integer().ge(1).nullable()).def(nullptr).doc("Limit.");
  s.field("tags", &Spec::tags, Type::array_of(Type::string())).def(json::array()).doc("Tags.");
  s.choice("mode", &Spec::mode, kModes).def("pull").doc("Mode.");
  s.object("inner", &Spec::inner, inner).def(json::object()).doc("Inner.");
  s.objects("items", &Spec::items, item).max_size(3).def(json::array()).doc("Items.");
  s.field("timer", &Spec::timer, Type::number().ge(0), zero_is_never).def(0.0).doc("0: never.");
  s.field("inner_b", member(&Spec::inner, &Inner::b), Type::number()).def(7.0).doc("Reaches into inner.");
  s.after([](Spec& out, const json&, const ReadAt&) { out.inner_b_twice = 2 * out.inner.b; });
  return s;
}

Spec load(const Bind<Spec>& b, const json& doc) {
  const Origins origins("t.json");
  return b.read(validate(b.schema(), doc, origins), origins);
}

}  // namespace

TEST_CASE("a bound field fills its member with the default when absent") {
  const Spec s = load(spec_binding(), json::object());
  CHECK(s.rate == 2.0);
  CHECK(s.on);
  CHECK(s.label == "x");
  CHECK(s.count == 4);
  CHECK(s.big == 5000000000ULL);
  CHECK_FALSE(s.limit.has_value());
  CHECK(s.tags.empty());
  CHECK(s.mode == Mode::Pull);
  CHECK(s.inner.a == 1.5);
  CHECK(s.items.empty());
  CHECK(std::isinf(s.timer));
  CHECK(s.inner.b == 7.0);
  CHECK(s.inner_b_twice == 14.0);
}

TEST_CASE("a bound field converts each kind of value it is given") {
  const Spec s = load(spec_binding(),
                      json{{"rate", 10},
                           {"on", false},
                           {"label", "y"},
                           {"count", 8.0},
                           {"limit", 9},
                           {"tags", {"a", "b"}},
                           {"mode", "push"},
                           {"inner", {{"a", 0.25}}},
                           {"items", {{{"name", "p"}}, {{"name", "q"}, {"n", 1}}}},
                           {"timer", 30},
                           {"inner_b", 1}});
  CHECK(s.rate == 10.0);
  CHECK_FALSE(s.on);
  CHECK(s.label == "y");
  CHECK(s.count == 8);
  CHECK(s.limit == std::optional<std::uint32_t>(9));
  CHECK(s.tags == std::vector<std::string>{"a", "b"});
  CHECK(s.mode == Mode::Push);
  CHECK(s.inner.a == 0.25);
  REQUIRE(s.items.size() == 2);
  CHECK(s.items[0].name == "p");
  CHECK(s.items[0].n == 3);
  CHECK(s.items[1].n == 1);
  CHECK(s.timer == 30.0);
  CHECK(s.inner_b_twice == 2.0);
}

TEST_CASE("the declaration's range and size limits are checked by the validator") {
  const Bind<Spec> b = spec_binding();
  CHECK_THROWS_WITH_AS(load(b, json{{"rate", 0}}), "t.json: rate: expected a number > 0 and <= 10, got 0",
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(load(b, json{{"mode", "pul"}}), "t.json: mode: expected one of pull, push, got 'pul'",
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(load(b, json{{"items", json::array({{{"name", "a"}}, {{"name", "b"}}, {{"name", "c"}}, {{"name", "d"}}})}}),
                       "t.json: items: expected an array of at most 3 elements, got 4", opgsim::InputError);
  CHECK_THROWS_WITH_AS(load(b, json{{"items", json::array({json::object()})}}),
                       "t.json: items[0].name: missing required key", opgsim::InputError);
}

TEST_CASE("an integer too large for its C++ member is an error at its path") {
  CHECK_THROWS_WITH_AS(load(spec_binding(), json{{"count", 5000000000}}),
                       "t.json: count: expected an integer <= 4294967295, got 5000000000", opgsim::InputError);
}

namespace {

struct Shape {
  enum class Type { Circle, Square };
  Type type = Type::Circle;
  double radius = 1;
  double side = 1;
};

Family<Shape, Shape::Type> shapes() {
  Family<Shape, Shape::Type> f("A shape.", &Shape::type);
  f.type("circle", "Round.", Shape::Type::Circle).field("radius", &Shape::radius, Type::number().gt(0)).def(2.0).doc("R.");
  f.type("square", "Four sides.", Shape::Type::Square).field("side", &Shape::side, Type::number().gt(0)).doc("S.");
  return f;
}

}  // namespace

TEST_CASE("a family's variant comes from its entries and resolves the type through them") {
  const auto f = shapes();
  const Origins origins("t.json");
  const Type t = f.type();
  CHECK(t.variant_schema().names() == std::vector<std::string>{"circle", "square"});
  const json v = validate_value(t, json{{"type", "square"}, {"side", 3}}, origins, Path());
  Shape s;
  f.read_into(s, v, ReadAt{origins, Path()});
  CHECK(s.type == Shape::Type::Square);
  CHECK(s.side == 3.0);
  CHECK(s.radius == 1.0);  // the other type's field keeps the struct's default
  f.read_into(s, validate_value(t, json{{"type", "circle"}}, origins, Path()), ReadAt{origins, Path()});
  CHECK(s.type == Shape::Type::Circle);
  CHECK(s.radius == 2.0);
}

TEST_CASE("an unknown type is an error with its path, at validation and at conversion") {
  const auto f = shapes();
  const Origins origins("t.json");
  CHECK_THROWS_WITH_AS(validate_value(f.type(), json{{"type", "squar"}}, origins, Path().key("shape")),
                       "t.json: shape.type: unknown type 'squar' (known: circle, square); did you mean 'square'?",
                       opgsim::InputError);
  Shape s;
  CHECK_THROWS_WITH_AS(f.read_into(s, json{{"type", "hexagon"}}, ReadAt{origins, Path().key("shape")}),
                       "t.json: shape.type: unknown type 'hexagon' (known: circle, square)", opgsim::InputError);
}

namespace {

struct Flat {
  double a = 0;
  double b = 0;
  std::uint32_t checked = 0;
};

}  // namespace

TEST_CASE("a section groups fields of the same struct, and a conversion may fail at its path") {
  Bind<Flat> group("A JSON group of Flat's fields.");
  group.field("b", &Flat::b, Type::number()).def(2.0).doc("B.");
  Bind<Flat> flat("Flat.");
  flat.field("a", &Flat::a, Type::number()).def(1.0).doc("A.");
  flat.section("group", group).def(json::object()).doc("Group.");
  flat.field("checked", &Flat::checked, Type::integer().ge(0), [](const json& v, const ReadAt& at) {
        if (v.get<int>() == 13) fail_at(at.origins, at.path, "unlucky");
        return v.get<std::uint32_t>();
      })
      .def(1)
      .doc("Checked.");
  const Origins origins("t.json");
  const Flat f = flat.read(validate(flat.schema(), json{{"group", {{"b", 5}}}}, origins), origins);
  CHECK(f.a == 1.0);
  CHECK(f.b == 5.0);
  CHECK(f.checked == 1);
  CHECK_THROWS_WITH_AS(flat.read(validate(flat.schema(), json{{"checked", 13}}, origins), origins),
                       "t.json: checked: unlucky", opgsim::InputError);
}
