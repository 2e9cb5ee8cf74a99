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

}  // namespace opgsim
