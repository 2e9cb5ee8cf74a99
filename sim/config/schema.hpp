// A small DSL that declares what a JSON configuration may contain.
//
// One declaration drives three things that must never disagree: validation (unknown keys,
// types, ranges), default filling, and the Markdown field reference. Example:
//
//   ObjectSchema region("One network region.");
//   region.field("name", Type::string().non_empty()).doc("Region name, used by references.");
//   region.field("latency_s", Type::number().ge(0)).def(0.001).unit("s").doc("One-way latency.");
//
//   VariantSchema dist("A token-count distribution.");
//   dist.type("constant", "Always the same count.")
//       .field("value", Type::integer().ge(1)).doc("The count.");
//
// Types are values (copying is cheap); nested objects and variants are copied in when wrapped,
// so declare them completely before Type::object()/Type::variant().
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace opgsim::config {

class ObjectSchema;
class VariantSchema;

struct Bound {
  double value = 0;
  bool exclusive = false;
};

class Type {
public:
  enum class Kind { Integer, Number, String, Boolean, Enum, Array, Object, Variant };

  static Type integer();
  static Type number();
  static Type string();
  static Type boolean();
  static Type one_of(std::vector<std::string> choices);  // a string among fixed choices
  static Type array_of(const Type& element);
  static Type object(const ObjectSchema& schema);
  static Type variant(const VariantSchema& schema);

  // Ranges (integers and numbers), inclusive (ge/le) or exclusive (gt/lt).
  Type gt(double v) const;
  Type ge(double v) const;
  Type lt(double v) const;
  Type le(double v) const;
  Type nullable() const;    // null is also accepted
  Type non_empty() const;   // strings and arrays
  // Arrays: at most n elements (each one may cost an actor, a host or a timer in the run).
  Type max_size(std::size_t n) const;

  Kind kind() const { return kind_; }
  const std::optional<Bound>& lower() const { return lo_; }
  const std::optional<Bound>& upper() const { return hi_; }
  bool is_nullable() const { return nullable_; }
  bool is_non_empty() const { return non_empty_; }
  const std::optional<std::size_t>& max_elements() const { return max_size_; }
  const std::vector<std::string>& choices() const { return choices_; }
  const Type& element() const { return *element_; }
  const ObjectSchema& object_schema() const { return *object_; }
  const VariantSchema& variant_schema() const { return *variant_; }

  // What a valid value looks like, as error messages say it after "expected ":
  // "a positive integer", "a number > 0 and <= 1", "one of fp16, bf16, fp8", "... or null",
  // "a non-empty array of at most 1000 elements".
  std::string expected() const;
  // The range alone ("> 0", ">= 1 and <= 8"); empty when unbounded.
  std::string range_text() const;
  // Short type name for documentation: "integer", "array of string", "object".
  std::string name() const;

private:
  explicit Type(Kind k) : kind_(k) {}
  Kind kind_;
  std::optional<Bound> lo_, hi_;
  bool nullable_ = false;
  bool non_empty_ = false;
  std::optional<std::size_t> max_size_;
  std::vector<std::string> choices_;
  std::shared_ptr<const Type> element_;
  std::shared_ptr<const ObjectSchema> object_;
  std::shared_ptr<const VariantSchema> variant_;
};

struct Field {
  enum class Presence {
    Required,  // absent is an error
    Default,   // absent means default_value
    Optional,  // absent stays absent (the program fills it; default_doc says how)
  };
  std::string name;
  Type type;
  Presence presence = Presence::Required;
  nlohmann::json default_value;
  std::string default_doc;
  std::string unit;
  std::string doc;
};

// Fluent access to a field just declared in an ObjectSchema.
class FieldBuilder {
public:
  FieldBuilder(ObjectSchema& owner, std::size_t index) : owner_(owner), index_(index) {}
  FieldBuilder& def(nlohmann::json value);             // default value
  FieldBuilder& optional(std::string default_doc = {});  // absent stays absent
  FieldBuilder& unit(std::string u);
  FieldBuilder& doc(std::string sentence);
  // Narrow the declared type (used where the type was built for the caller, as bound objects()).
  FieldBuilder& non_empty();
  FieldBuilder& max_size(std::size_t n);

private:
  Field& f();
  ObjectSchema& owner_;
  std::size_t index_;
};

class ObjectSchema {
public:
  explicit ObjectSchema(std::string doc = {}) : doc_(std::move(doc)) {}
  // Declares a field (required until def()/optional() says otherwise).
  FieldBuilder field(std::string name, Type type);

  const std::string& doc() const { return doc_; }
  const std::vector<Field>& fields() const { return fields_; }
  const Field* find(const std::string& name) const;
  std::vector<std::string> keys() const;

private:
  friend class FieldBuilder;
  std::string doc_;
  std::vector<Field> fields_;
};

// Objects of the form {"type": "<name>", ...params}, where each name has its own fields.
class VariantSchema {
public:
  struct Alternative {
    std::string name;
    std::shared_ptr<ObjectSchema> params;
  };

  explicit VariantSchema(std::string doc = {}, std::string tag = "type")
      : doc_(std::move(doc)), tag_(std::move(tag)) {}
  // Declares a type; add its fields to the returned schema (stays valid as more types are added).
  ObjectSchema& type(std::string name, std::string doc);

  const std::string& doc() const { return doc_; }
  const std::string& tag() const { return tag_; }
  const std::vector<Alternative>& alternatives() const { return alternatives_; }
  const ObjectSchema* find(const std::string& name) const;
  std::vector<std::string> names() const;

private:
  std::string doc_;
  std::string tag_;
  std::vector<Alternative> alternatives_;
};

// Shortest decimal that reads back as v ("0", "0.001", "1250000000").
std::string format_number(double v);

}  // namespace opgsim::config
