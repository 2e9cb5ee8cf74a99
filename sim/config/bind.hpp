// Bound declarations: a schema field declared together with the struct member it fills.
//
// One statement gives the field's validation (type, range, size), default, unit, documentation
// and its conversion into the typed struct, in the spirit of ns-3's GetTypeId() attributes:
//
//   config::Bind<ServiceSpec> s("How long a node takes to serve a request.");
//   s.field("mean_s", &ServiceSpec::mean_s, Type::number().ge(1e-6)).def(1.0).unit("s").doc("Mean.");
//   s.choice("mode", &DataRoleSpec::mode, kDataModeNames).def("pull").doc("...");
//   s.object("pull", &DataRoleSpec::pull, pull_binding()).def(json::object()).doc("...");
//   s.objects("regions", &PlatformSpec::regions, region_binding()).non_empty().doc("...");
//   S value = s.read(validated_json, origins, path);
//
// The member's C++ type picks the conversion (double, bool, std::string, unsigned and signed
// integers with a range check against the C++ type, std::optional<T> for nullable fields,
// std::vector of strings or numbers); `member(&A::b, &B::c)` reaches into a nested struct;
// field(name, member, type, fn) converts with fn where the JSON value is not the member's value
// (e.g. 0-means-never timers). A Family<S> is a registry of {"type": ..., params} alternatives, each
// with its own bound fields (family.hpp). What is not one field -> one member (cross-field
// derived values) is a named post-step added with after(). Pure: no SimGrid.
#pragma once

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"
#include "sim/config/path.hpp"
#include "sim/config/schema.hpp"

namespace opgsim::config {

// Where a validated value sits, for the few conversions that can still fail (an integer too large
// for its C++ field): they fail like the validator, "<file>: <path>: <what>".
struct ReadAt {
  const Origins& origins;
  Path path;
  ReadAt key(const std::string& k) const { return {origins, path.key(k)}; }
  ReadAt index(std::size_t i) const { return {origins, path.index(i)}; }
};

// A way to reach a member of S of type M: a member pointer, or a chain of them (member()).
template <class S, class M>
using MemberRef = std::function<M&(S&)>;

template <class S, class A, class M>
MemberRef<S, M> member(A S::*outer, M A::*inner) {
  return [outer, inner](S& s) -> M& { return (s.*outer).*inner; };
}

template <class S, class A, class B, class M>
MemberRef<S, M> member(A S::*outer, B A::*middle, M B::*inner) {
  return [outer, middle, inner](S& s) -> M& { return ((s.*outer).*middle).*inner; };
}

// The default conversion of a validated JSON value to T (the validator has checked its type and
// declared range; only the C++ type's own range is left to check).
template <class T>
struct Convert {
  static T read(const nlohmann::json& v, const ReadAt& at) {
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string> || std::is_floating_point_v<T>) {
      return v.get<T>();
    } else if constexpr (std::is_integral_v<T>) {
      const double d = v.get<double>();
      if (d > static_cast<double>(std::numeric_limits<T>::max()))
        fail_at(at.origins, at.path,
                "expected an integer <= " + std::to_string(std::numeric_limits<T>::max()) + ", got " + v.dump());
      if (d < static_cast<double>(std::numeric_limits<T>::min()))
        fail_at(at.origins, at.path,
                "expected an integer >= " + std::to_string(std::numeric_limits<T>::min()) + ", got " + v.dump());
      return v.get<T>();
    } else {
      static_assert(sizeof(T) == 0, "no default conversion for this member type: use objects(), choice() or a conversion function");
    }
  }
};

template <class T>
struct Convert<std::optional<T>> {  // a nullable field: null is "not set"
  static std::optional<T> read(const nlohmann::json& v, const ReadAt& at) {
    if (v.is_null()) return std::nullopt;
    return Convert<T>::read(v, at);
  }
};

template <class T>
struct Convert<std::vector<T>> {  // an array of scalars
  static std::vector<T> read(const nlohmann::json& v, const ReadAt& at) {
    std::vector<T> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(Convert<T>::read(v[i], at.index(i)));
    return out;
  }
};

// An enum (or any value) chosen by name through one table of {value, name} pairs (EnumNames or a
// local array): the schema's allowed names and the conversion both come from it.
template <class Table>
std::vector<std::string> table_names(const Table& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.emplace_back(entry.second);
  return out;
}

template <class Table>
auto table_value(const Table& table, const nlohmann::json& v) {
  const std::string& s = v.get_ref<const std::string&>();
  for (const auto& [value, name] : table)
    if (s == name) return value;
  // The validator accepted only the table's names: reaching here means the two disagree.
  throw std::logic_error("conversion has no choice named '" + s + "' although the schema accepted it");
}

template <class S>
class Bind;

// Fluent access to a bound field just declared: the schema side (FieldBuilder) plus conversion.
template <class S>
class BoundField {
public:
  BoundField(ObjectSchema& schema, std::size_t field_index) : field_(schema, field_index) {}
  BoundField& def(nlohmann::json value) { field_.def(std::move(value)); return *this; }
  BoundField& optional(std::string default_doc = {}) { field_.optional(std::move(default_doc)); return *this; }
  BoundField& unit(std::string u) { field_.unit(std::move(u)); return *this; }
  BoundField& doc(std::string sentence) { field_.doc(std::move(sentence)); return *this; }
  BoundField& non_empty() { field_.non_empty(); return *this; }
  BoundField& max_size(std::size_t n) { field_.max_size(n); return *this; }

private:
  FieldBuilder field_;
};

template <class S>
class Bind {
public:
  explicit Bind(std::string doc = {}) : schema_(std::move(doc)) {}

  // A scalar, optional or array-of-scalars field whose conversion follows the member's type.
  template <class M>
  BoundField<S> field(std::string name, M S::*m, Type type) {
    return field(std::move(name), MemberRef<S, M>([m](S& s) -> M& { return s.*m; }), std::move(type));
  }
  template <class M>
  BoundField<S> field(std::string name, MemberRef<S, M> ref, Type type) {
    return add(std::move(name), std::move(type),
               [ref](S& s, const nlohmann::json& v, const ReadAt& at) { ref(s) = Convert<M>::read(v, at); });
  }

  // A field whose value converts with `fn(const json&) -> M`, or `fn(const json&, const ReadAt&)`
  // where the conversion can fail at its path (0 means never, fractions to basis points, a
  // registry's TypedSpec, ...): still one declaration.
  template <class M, class Fn>
  BoundField<S> field(std::string name, M S::*m, Type type, Fn fn) {
    return field(std::move(name), MemberRef<S, M>([m](S& s) -> M& { return s.*m; }), std::move(type), std::move(fn));
  }
  template <class M, class Fn>
  BoundField<S> field(std::string name, MemberRef<S, M> ref, Type type, Fn fn) {
    return add(std::move(name), std::move(type), [ref, fn](S& s, const nlohmann::json& v, const ReadAt& at) {
      if constexpr (std::is_invocable_v<Fn, const nlohmann::json&, const ReadAt&>)
        ref(s) = fn(v, at);
      else
        ref(s) = fn(v);
    });
  }

  // A string among a table's names, converted to the table's value.
  template <class M, class Table>
  BoundField<S> choice(std::string name, M S::*m, const Table& table) {
    return choice(std::move(name), MemberRef<S, M>([m](S& s) -> M& { return s.*m; }), table);
  }
  template <class M, class Table>
  BoundField<S> choice(std::string name, MemberRef<S, M> ref, const Table& table) {
    return add(std::move(name), Type::one_of(table_names(table)),
               [ref, table](S& s, const nlohmann::json& v, const ReadAt&) { ref(s) = table_value(table, v); });
  }

  // A nested object with its own bound fields: `nested` is a Bind<M> or a Family<M, ...> (a
  // {"type": ...} variant resolved through its registry).
  template <class M, class Nested>
  BoundField<S> object(std::string name, M S::*m, const Nested& nested) {
    return object(std::move(name), MemberRef<S, M>([m](S& s) -> M& { return s.*m; }), nested);
  }
  template <class M, class Nested>
  BoundField<S> object(std::string name, MemberRef<S, M> ref, const Nested& nested) {
    auto inner = std::make_shared<const Nested>(nested);
    return add(std::move(name), nested.type(),
               [ref, inner](S& s, const nlohmann::json& v, const ReadAt& at) { inner->read_into(ref(s), v, at); });
  }

  // An array of objects, each read like object() (element: a Bind<M> or a Family<M, ...>).
  template <class M, class Element>
  BoundField<S> objects(std::string name, std::vector<M> S::*m, const Element& element) {
    return objects(std::move(name), MemberRef<S, std::vector<M>>([m](S& s) -> std::vector<M>& { return s.*m; }),
                   element);
  }
  template <class M, class Element>
  BoundField<S> objects(std::string name, MemberRef<S, std::vector<M>> ref, const Element& element) {
    auto inner = std::make_shared<const Element>(element);
    return add(std::move(name), Type::array_of(element.type()),
               [ref, inner](S& s, const nlohmann::json& v, const ReadAt& at) {
                 std::vector<M>& out = ref(s);
                 out.clear();
                 for (std::size_t i = 0; i < v.size(); ++i) inner->read_into(out.emplace_back(), v[i], at.index(i));
               });
  }

  // A JSON object that groups fields of S itself (no struct of its own on the C++ side, e.g.
  // "roles": {...} whose members are Scenario's inference, verifier, ...).
  BoundField<S> section(std::string name, const Bind<S>& nested) {
    auto inner = std::make_shared<const Bind<S>>(nested);
    return add(std::move(name), nested.type(),
               [inner](S& s, const nlohmann::json& v, const ReadAt& at) { inner->read_into(s, v, at); });
  }

  // A field that is validated and documented but fills no member of S itself: its value is used
  // by a post-step (after) or by an enclosing declaration. Say why where it is used.
  FieldBuilder unbound(std::string name, Type type) { return schema_.field(std::move(name), std::move(type)); }

  // A named post-step run after every field is read: for what is not one field -> one member.
  Bind& after(std::function<void(S&, const nlohmann::json&, const ReadAt&)> step) {
    after_.push_back(std::move(step));
    return *this;
  }

  // Reads every bound field present in `v` (validated: defaults filled), then the post-steps.
  void read_into(S& out, const nlohmann::json& v, const ReadAt& at) const {
    for (const Reader& r : readers_) {
      auto it = v.find(r.name);
      if (it != v.end()) r.fill(out, *it, at.key(r.name));
    }
    for (const auto& step : after_) step(out, v, at);
  }
  S read(const nlohmann::json& v, const ReadAt& at) const {
    S out{};
    read_into(out, v, at);
    return out;
  }
  S read(const nlohmann::json& v, const Origins& origins, const Path& at = {}) const { return read(v, ReadAt{origins, at}); }

  const ObjectSchema& schema() const { return schema_; }
  Type type() const { return Type::object(schema_); }

private:
  struct Reader {
    std::string name;
    std::function<void(S&, const nlohmann::json&, const ReadAt&)> fill;
  };

  BoundField<S> add(std::string name, Type type, std::function<void(S&, const nlohmann::json&, const ReadAt&)> fill) {
    readers_.push_back(Reader{name, std::move(fill)});
    schema_.field(std::move(name), std::move(type));
    return BoundField<S>(schema_, schema_.fields().size() - 1);
  }

  ObjectSchema schema_;
  std::vector<Reader> readers_;
  std::vector<std::function<void(S&, const nlohmann::json&, const ReadAt&)>> after_;
};

// A timer that 0 disables: 0 reads as +infinity (never fires). Use with field(..., zero_is_never).
inline double zero_is_never(const nlohmann::json& v) {
  const double d = v.get<double>();
  return d == 0 ? std::numeric_limits<double>::infinity() : d;
}

}  // namespace opgsim::config
