// The kind of a scenario path's field (see search_path.hpp).
#include "sim/cli/search_path.hpp"

#include "sim/scenario/scenario_schema.hpp"

namespace opgsim::cli {

namespace {

using Kind = config::Type::Kind;

// The field `key` of a value of type t (objects; each type of a family), or nullptr.
const config::Type* child(const config::Type& t, const std::string& key) {
  if (t.kind() == Kind::Object) {
    const config::Field* f = t.object_schema().find(key);
    return f == nullptr ? nullptr : &f->type;
  }
  if (t.kind() == Kind::Variant)
    for (const auto& alt : t.variant_schema().alternatives())
      if (const config::Field* f = alt.params->find(key)) return &f->type;
  return nullptr;
}

}  // namespace

std::optional<config::Type::Kind> scenario_field_kind(const std::string& path) {
  static const config::Type root = config::Type::object(scenario_schema());
  const config::Type* t = &root;
  std::size_t b = 0;
  while (b <= path.size()) {
    const std::size_t dot = path.find('.', b);
    std::string key = path.substr(b, dot == std::string::npos ? std::string::npos : dot - b);
    int elements = 0;  // trailing [i] steps into array elements
    while (key.size() > 2 && key.back() == ']' && key.find('[') != std::string::npos) {
      key.erase(key.rfind('['));
      ++elements;
    }
    t = child(*t, key);
    for (int i = 0; t != nullptr && i < elements; ++i) t = t->kind() == Kind::Array ? &t->element() : nullptr;
    if (t == nullptr) return std::nullopt;
    if (dot == std::string::npos) break;
    b = dot + 1;
  }
  return t->kind();
}

}  // namespace opgsim::cli
