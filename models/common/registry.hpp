// One registry per pluggable family ({"type": "...", ...params} in a scenario): each entry is a
// name, a one-line doc, its parameter declarations and a factory. The scenario schema is built
// from the entries (so a parameter's validation, default, unit and documentation come from its
// declaration here), and the loader hands the validated values back to the factory. Pure C++:
// the schema side (sim/scenario/registry_schema.*) translates ParamDecl into its own types.
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opgsim {

// One parameter of one registered type.
struct ParamDecl {
  enum class Kind { Integer, Number, Boolean };
  const char* name;
  Kind kind;
  double default_value;  // booleans: 0 or 1
  const char* doc;
  const char* unit = "";
  // Range (integers and numbers); min_exclusive makes it min < value instead of min <= value.
  double min = -std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  double max = std::numeric_limits<double>::infinity();
};

// Validated parameter values by name, as the factory receives them (booleans as 0/1). Built once
// per scenario, never on a hot path.
class ParamValues {
public:
  ParamValues() = default;
  ParamValues& set(std::string name, double value) {
    for (auto& [n, v] : values_)
      if (n == name) {
        v = value;
        return *this;
      }
    values_.emplace_back(std::move(name), value);
    return *this;
  }
  // The value of `name`, or `fallback` when it was not given (unit tests build partial sets).
  double get(std::string_view name, double fallback) const {
    for (const auto& [n, v] : values_)
      if (n == name) return v;
    return fallback;
  }
  const std::vector<std::pair<std::string, double>>& all() const { return values_; }
  bool operator==(const ParamValues&) const = default;

private:
  std::vector<std::pair<std::string, double>> values_;
};

// {"type": name, ...params} once converted: what a factory is called with.
struct TypedSpec {
  std::string type;
  ParamValues params;
  bool operator==(const TypedSpec&) const = default;
};

template <class Product>
struct RegistryEntry {
  const char* name;
  const char* doc;
  std::vector<ParamDecl> params;
  std::unique_ptr<Product> (*make)(const ParamValues&);
};

template <class Product>
using Registry = std::vector<RegistryEntry<Product>>;

template <class Product>
const RegistryEntry<Product>* find_entry(const Registry<Product>& registry, std::string_view name) {
  for (const auto& e : registry)
    if (name == e.name) return &e;
  return nullptr;
}

template <class Product>
std::vector<std::string> entry_names(const Registry<Product>& registry) {
  std::vector<std::string> out;
  for (const auto& e : registry) out.emplace_back(e.name);
  return out;
}

// Builds spec.type with spec.params; declared parameters missing from spec.params take their
// default. Throws std::invalid_argument for an unknown type or an undeclared parameter (the
// scenario loader has already refused both with a located message; this guards direct callers).
template <class Product>
std::unique_ptr<Product> make_from(const Registry<Product>& registry, const TypedSpec& spec, const char* family) {
  const auto* e = find_entry(registry, spec.type);
  if (e == nullptr) throw std::invalid_argument(std::string("unknown ") + family + " type '" + spec.type + "'");
  ParamValues full;
  for (const ParamDecl& d : e->params) full.set(d.name, spec.params.get(d.name, d.default_value));
  for (const auto& [name, value] : spec.params.all()) {
    bool declared = false;
    for (const ParamDecl& d : e->params) declared = declared || name == d.name;
    if (!declared)
      throw std::invalid_argument(std::string(family) + " '" + spec.type + "' has no parameter '" + name + "'");
  }
  for (const ParamDecl& d : e->params) {
    const double v = full.get(d.name, d.default_value);
    const bool integral = d.kind == ParamDecl::Kind::Number || std::floor(v) == v;
    const bool below = d.min_exclusive ? !(v > d.min) : !(v >= d.min);
    if (!integral || below || !(v <= d.max))
      throw std::invalid_argument(std::string(family) + " '" + spec.type + "': parameter '" + d.name +
                                  "' out of range");
  }
  return e->make(full);
}

// spec with every declared parameter it leaves out set to its default (the form two specs are
// compared in); spec unchanged when the registry has no such type.
template <class Product>
TypedSpec with_defaults(const Registry<Product>& registry, const TypedSpec& spec) {
  const auto* e = find_entry(registry, spec.type);
  if (e == nullptr) return spec;
  TypedSpec out{spec.type, {}};
  for (const ParamDecl& d : e->params) out.params.set(d.name, spec.params.get(d.name, d.default_value));
  for (const auto& [name, value] : spec.params.all()) out.params.set(name, value);
  return out;
}

// "type" or "type(name=value, ...)" for messages and tables.
inline std::string spec_label(const TypedSpec& spec) {
  std::string s = spec.type;
  for (std::size_t i = 0; i < spec.params.all().size(); ++i) {
    const auto& [name, value] = spec.params.all()[i];
    std::string v = std::to_string(value);
    if (v.find('.') != std::string::npos) {  // 1.000000 -> 1, 0.500000 -> 0.5
      while (v.back() == '0') v.pop_back();
      if (v.back() == '.') v.pop_back();
    }
    s += (i == 0 ? "(" : ", ") + name + "=" + v;
  }
  return spec.params.all().empty() ? s : s + ")";
}

}  // namespace opgsim
