// The schema side of the registries (models/common/registry.hpp): a pluggable family's
// {"type": ..., ...params} variant is built from its registry entries, so that unknown types and
// parameters, ranges, defaults and the field reference all come from the one registry line; and
// the validated JSON object is turned back into the TypedSpec the factory takes.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/common/registry.hpp"
#include "sim/config/bind.hpp"
#include "sim/config/schema.hpp"

namespace opgsim {

// Declares `p` as a field of `params` (its type, range, default, unit and doc).
void declare_param(config::ObjectSchema& params, const ParamDecl& p);

// The validated value of parameter `p` as the factory takes it (booleans as 0/1).
double param_value(const ParamDecl& p, const nlohmann::json& value);

template <class Product>
config::Type registry_variant(std::string doc, const Registry<Product>& registry) {
  config::VariantSchema v(std::move(doc));
  for (const auto& e : registry) {
    config::ObjectSchema& params = v.type(e.name, e.doc);
    for (const ParamDecl& p : e.params) declare_param(params, p);
  }
  return config::Type::variant(v);
}

// `validated` has passed registry_variant's schema, so its parameters are filled; a type the
// registry does not have is still refused at `at` (never a fallback).
template <class Product>
TypedSpec typed_spec(const nlohmann::json& validated, const Registry<Product>& registry, const config::ReadAt& at) {
  TypedSpec spec{validated.at("type").get<std::string>(), {}};
  const RegistryEntry<Product>* entry = find_entry(registry, spec.type);
  if (entry == nullptr) {
    std::string known;
    for (const auto& name : entry_names(registry)) known += (known.empty() ? "" : ", ") + name;
    config::fail_at(at.origins, at.path.key("type"), "unknown type '" + spec.type + "' (known: " + known + ")");
  }
  for (const ParamDecl& p : entry->params) spec.params.set(p.name, param_value(p, validated.at(p.name)));
  return spec;
}

}  // namespace opgsim
