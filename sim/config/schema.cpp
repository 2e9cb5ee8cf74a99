// The schema DSL's building blocks and the phrases that describe a type (see schema.hpp).
#include "sim/config/schema.hpp"

#include <cmath>

#include <fmt/format.h>

namespace opgsim::config {

Type Type::integer() { return Type(Kind::Integer); }
Type Type::number() { return Type(Kind::Number); }
Type Type::string() { return Type(Kind::String); }
Type Type::boolean() { return Type(Kind::Boolean); }

Type Type::one_of(std::vector<std::string> choices) {
  Type t(Kind::Enum);
  t.choices_ = std::move(choices);
  return t;
}

Type Type::array_of(const Type& element) {
  Type t(Kind::Array);
  t.element_ = std::make_shared<const Type>(element);
  return t;
}

Type Type::object(const ObjectSchema& schema) {
  Type t(Kind::Object);
  t.object_ = std::make_shared<const ObjectSchema>(schema);
  return t;
}

Type Type::variant(const VariantSchema& schema) {
  Type t(Kind::Variant);
  t.variant_ = std::make_shared<const VariantSchema>(schema);
  return t;
}

Type Type::gt(double v) const { Type t = *this; t.lo_ = Bound{v, true}; return t; }
Type Type::ge(double v) const { Type t = *this; t.lo_ = Bound{v, false}; return t; }
Type Type::lt(double v) const { Type t = *this; t.hi_ = Bound{v, true}; return t; }
Type Type::le(double v) const { Type t = *this; t.hi_ = Bound{v, false}; return t; }
Type Type::nullable() const { Type t = *this; t.nullable_ = true; return t; }
Type Type::non_empty() const { Type t = *this; t.non_empty_ = true; return t; }
Type Type::max_size(std::size_t n) const { Type t = *this; t.max_size_ = n; return t; }

std::string format_number(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string Type::range_text() const {
  std::string out;
  if (lo_) out = (lo_->exclusive ? "> " : ">= ") + format_number(lo_->value);
  if (hi_) {
    if (!out.empty()) out += " and ";
    out += (hi_->exclusive ? "< " : "<= ") + format_number(hi_->value);
  }
  return out;
}

std::string Type::expected() const {
  std::string s;
  const std::string range = range_text();
  switch (kind_) {
    case Kind::Integer: {
      // "positive integer" is what users say; spell out only other ranges.
      const bool positive = lo_ && !hi_ &&
                            ((lo_->value == 1 && !lo_->exclusive) || (lo_->value == 0 && lo_->exclusive));
      s = positive ? "a positive integer" : "an integer" + (range.empty() ? "" : " " + range);
      break;
    }
    case Kind::Number: s = "a number" + (range.empty() ? "" : " " + range); break;
    case Kind::String: s = non_empty_ ? "a non-empty string" : "a string"; break;
    case Kind::Boolean: s = "true or false"; break;
    case Kind::Enum: {
      s = "one of ";
      for (std::size_t i = 0; i < choices_.size(); ++i) s += (i ? ", " : "") + choices_[i];
      break;
    }
    case Kind::Array:
      s = non_empty_ ? "a non-empty array" : "an array";
      if (max_size_) s += " of at most " + std::to_string(*max_size_) + " elements";
      break;
    case Kind::Object: s = "an object"; break;
    case Kind::Variant: {
      s = "an object with \"" + variant_->tag() + "\": ";
      const auto names = variant_->names();
      for (std::size_t i = 0; i < names.size(); ++i) s += (i ? " | " : "") + names[i];
      break;
    }
  }
  return nullable_ ? s + " or null" : s;
}

std::string Type::name() const {
  std::string s;
  switch (kind_) {
    case Kind::Integer: s = "integer"; break;
    case Kind::Number: s = "number"; break;
    case Kind::String: s = "string"; break;
    case Kind::Boolean: s = "boolean"; break;
    case Kind::Enum: s = "string (enum)"; break;
    case Kind::Array: s = "array of " + element_->name(); break;
    case Kind::Object: s = "object"; break;
    case Kind::Variant: s = "object by `" + variant_->tag() + "`"; break;
  }
  return nullable_ ? s + " or null" : s;
}

Field& FieldBuilder::f() { return owner_.fields_[index_]; }

FieldBuilder& FieldBuilder::def(nlohmann::json value) {
  f().presence = Field::Presence::Default;
  f().default_value = std::move(value);
  return *this;
}

FieldBuilder& FieldBuilder::optional(std::string default_doc) {
  f().presence = Field::Presence::Optional;
  f().default_doc = std::move(default_doc);
  return *this;
}

FieldBuilder& FieldBuilder::unit(std::string u) {
  f().unit = std::move(u);
  return *this;
}

FieldBuilder& FieldBuilder::doc(std::string sentence) {
  f().doc = std::move(sentence);
  return *this;
}

FieldBuilder& FieldBuilder::non_empty() {
  f().type = f().type.non_empty();
  return *this;
}

FieldBuilder& FieldBuilder::max_size(std::size_t n) {
  f().type = f().type.max_size(n);
  return *this;
}

FieldBuilder ObjectSchema::field(std::string name, Type type) {
  fields_.push_back(Field{std::move(name), std::move(type), Field::Presence::Required, {}, {}, {}, {}});
  return FieldBuilder(*this, fields_.size() - 1);
}

const Field* ObjectSchema::find(const std::string& name) const {
  for (const auto& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

std::vector<std::string> ObjectSchema::keys() const {
  std::vector<std::string> out;
  for (const auto& f : fields_) out.push_back(f.name);
  return out;
}

ObjectSchema& VariantSchema::type(std::string name, std::string doc) {
  alternatives_.push_back(Alternative{std::move(name), std::make_shared<ObjectSchema>(std::move(doc))});
  return *alternatives_.back().params;
}

const ObjectSchema* VariantSchema::find(const std::string& name) const {
  for (const auto& a : alternatives_)
    if (a.name == name) return a.params.get();
  return nullptr;
}

std::vector<std::string> VariantSchema::names() const {
  std::vector<std::string> out;
  for (const auto& a : alternatives_) out.push_back(a.name);
  return out;
}

}  // namespace opgsim::config
