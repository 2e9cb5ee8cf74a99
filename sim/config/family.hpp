// A pluggable family's registry: {"type": "<name>", ...params} where each name is one entry with
// its doc, the value it sets in the typed struct and its own bound parameters (bind.hpp).
//
//   config::Family<ServiceSpec, ServiceSpec::Type> f("How long a node takes.", &ServiceSpec::type);
//   f.type("exponential", "Exponential service times.", ServiceSpec::Type::Exponential)
//       .field("mean_s", &ServiceSpec::mean_s, Type::number().gt(0)).def(1.0).unit("s").doc("Mean.");
//
// The schema variant (validation, defaults, the field reference) is generated from the entries,
// and conversion resolves the type through the same entries: an unknown type is an error with its
// JSON path, never a fallback. Model: Vidur's *_registry.py with one typed config per alternative.
//
// A family whose types have no parameters yet fills a plain enum: Family<Mode, Mode> f("doc");
// then f.type("tee", "...", Mode::Tee) and `s.object("verification", &Class::verification, f)`.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config/bind.hpp"
#include "sim/config/schema.hpp"

namespace opgsim::config {

namespace detail {
// Where the type's value goes: a member of the struct S, or S itself when S is the enum.
template <class S, class Tag, bool = std::is_class_v<S>>
struct TagSlot {
  using type = std::nullptr_t;
};
template <class S, class Tag>
struct TagSlot<S, Tag, true> {
  using type = Tag S::*;
};
// A plain value has no members to bind parameters to.
struct NoParams {};
template <class S>
using ParamsOf = std::conditional_t<std::is_class_v<S>, S, NoParams>;
}  // namespace detail

template <class S, class Tag>
class Family {
public:
  using TagMember = typename detail::TagSlot<S, Tag>::type;
  Family(std::string doc, TagMember tag, std::string tag_key = "type")
      : doc_(std::move(doc)), tag_(tag), tag_key_(std::move(tag_key)) {}
  // A family of plain values (S is the enum Tag): the type is the whole value.
  explicit Family(std::string doc) requires std::is_same_v<S, Tag> : doc_(std::move(doc)), tag_(nullptr), tag_key_("type") {}

  // Registers one type; declare its parameters on the returned binding (it stays valid as more
  // types are registered).
  Bind<detail::ParamsOf<S>>& type(std::string name, std::string doc, Tag value) {
    entries_.push_back(std::make_shared<Entry>(Entry{std::move(name), value, Bind<detail::ParamsOf<S>>(std::move(doc))}));
    return entries_.back()->params;
  }

  // The {"type": ...} variant, built from the entries.
  Type type() const {
    VariantSchema v(doc_, tag_key_);
    for (const auto& e : entries_) v.type(e->name, e->params.schema().doc()) = e->params.schema();
    return Type::variant(v);
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e->name);
    return out;
  }

  // `v` has passed type()'s validation. A fresh S: fields of the other types keep S's defaults.
  void read_into(S& out, const nlohmann::json& v, const ReadAt& at) const {
    const std::string& name = v.at(tag_key_).template get_ref<const std::string&>();
    for (const auto& e : entries_)
      if (e->name == name) {
        if constexpr (std::is_same_v<S, Tag>) {
          out = e->value;
        } else {
          out = S{};
          out.*tag_ = e->value;
          e->params.read_into(out, v, at);
        }
        return;
      }
    std::string known;
    for (const auto& e : entries_) known += (known.empty() ? "" : ", ") + e->name;
    fail_at(at.origins, at.path.key(tag_key_), "unknown type '" + name + "' (known: " + known + ")");
  }

private:
  struct Entry {
    std::string name;
    Tag value;
    Bind<detail::ParamsOf<S>> params;
  };
  std::string doc_;
  TagMember tag_;
  std::string tag_key_;
  std::vector<std::shared_ptr<Entry>> entries_;
};

}  // namespace opgsim::config
