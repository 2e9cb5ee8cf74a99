// Schema validation and default filling (see validate.hpp).
#include "sim/config/validate.hpp"

#include <cmath>

#include "models/common/input_error.hpp"
#include "sim/config/suggest.hpp"

namespace opgsim::config {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

// Files are checked by the JSON parser; strings from --set are not, and outputs (JSON) need UTF-8.
bool valid_utf8(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

class Validator {
public:
  explicit Validator(const Origins& origins) : origins_(origins) {}

  nlohmann::json value(const Type& t, const nlohmann::json& v, const Path& at) {
    if (v.is_null() && t.is_nullable()) return v;
    switch (t.kind()) {
      case Type::Kind::Integer: return integer(t, v, at);
      case Type::Kind::Number: return number(t, v, at);
      case Type::Kind::String:
        if (!v.is_string() || (t.is_non_empty() && v.get_ref<const std::string&>().empty()))
          wrong(t, v, at);
        if (!valid_utf8(v.get_ref<const std::string&>()))  // only --set can bring such bytes in
          fail_at(origins_, at, "expected UTF-8 text, got bytes that are not");
        return v;
      case Type::Kind::Boolean:
        if (!v.is_boolean()) wrong(t, v, at);
        return v;
      case Type::Kind::Enum: {
        if (!v.is_string()) wrong(t, v, at);
        for (const auto& c : t.choices())
          if (c == v.get_ref<const std::string&>()) return v;
        wrong(t, v, at);
      }
      case Type::Kind::Array: {
        if (!v.is_array() || (t.is_non_empty() && v.empty())) wrong(t, v, at);
        if (t.max_elements() && v.size() > *t.max_elements())
          fail_at(origins_, at, "expected " + t.expected() + ", got " + std::to_string(v.size()));
        nlohmann::json out = nlohmann::json::array();
        for (std::size_t i = 0; i < v.size(); ++i) out.push_back(value(t.element(), v[i], at.index(i)));
        return out;
      }
      case Type::Kind::Object:
        if (!v.is_object()) wrong(t, v, at);
        return object(t.object_schema(), v, at, {});
      case Type::Kind::Variant: return variant(t, v, at);
    }
    return v;
  }

  // `variant` is set when `s` is the parameter list of one variant type (whose tag is `tag`).
  nlohmann::json object(const ObjectSchema& s, const nlohmann::json& v, const Path& at,
                        const std::string& tag, const VariantSchema* variant = nullptr) {
    std::vector<std::string> known = s.keys();
    if (!tag.empty()) known.insert(known.begin(), tag);
    for (const auto& [key, _] : v.items()) {
      if (key == tag || s.find(key)) continue;
      std::string what = "unknown key";
      // Left over from another type, typically a base file's type changed by an extending file,
      // where a merge patch keeps the old type's parameters unless they are set to null.
      std::string other;
      if (variant)
        for (const auto& alt : variant->alternatives())
          if (alt.params->find(key)) other += (other.empty() ? "" : ", ") + alt.name;
      if (!other.empty())
        what = "not a parameter of " + tag + " '" + v.at(tag).get<std::string>() + "' (it belongs to " + other +
               "; set it to null where the " + tag + " is changed)";
      else if (auto near = closest(key, known)) what += " (did you mean '" + *near + "'?)";
      else what += " (known keys: " + join(known) + ")";
      fail_at(origins_, at.key(key), what);
    }
    nlohmann::json out = nlohmann::json::object();
    if (!tag.empty()) out[tag] = v.at(tag);
    for (const Field& f : s.fields()) {
      const Path child = at.key(f.name);
      auto it = v.find(f.name);
      if (it != v.end()) {
        out[f.name] = value(f.type, *it, child);
      } else if (f.presence == Field::Presence::Default) {
        out[f.name] = value(f.type, f.default_value, child);
      } else if (f.presence == Field::Presence::Required) {
        // Whoever wrote the enclosing object forgot the key: name them, not the top file.
        throw_missing(at, child, "missing required key");
      }
    }
    return out;
  }

private:
  nlohmann::json integer(const Type& t, const nlohmann::json& v, const Path& at) {
    nlohmann::json out = v;
    if (v.is_number_float()) {
      // 1e3 and 8.0 are integers written as floats; keep them, normalized.
      const double d = v.get<double>();
      if (d != std::floor(d) || std::fabs(d) > 9.0e15) wrong(t, v, at);
      out = d < 0 ? nlohmann::json(static_cast<std::int64_t>(d)) : nlohmann::json(static_cast<std::uint64_t>(d));
    } else if (!v.is_number_integer()) {
      wrong(t, v, at);
    }
    check_range(t, v, out.get<double>(), at);
    return out;
  }

  nlohmann::json number(const Type& t, const nlohmann::json& v, const Path& at) {
    if (!v.is_number()) wrong(t, v, at);
    check_range(t, v, v.get<double>(), at);
    return v;
  }

  void check_range(const Type& t, const nlohmann::json& v, double d, const Path& at) {
    if (const auto& lo = t.lower(); lo && (lo->exclusive ? d <= lo->value : d < lo->value)) wrong(t, v, at);
    if (const auto& hi = t.upper(); hi && (hi->exclusive ? d >= hi->value : d > hi->value)) wrong(t, v, at);
  }

  nlohmann::json variant(const Type& t, const nlohmann::json& v, const Path& at) {
    const VariantSchema& vs = t.variant_schema();
    if (!v.is_object()) wrong(t, v, at);
    const Path tag_path = at.key(vs.tag());
    auto it = v.find(vs.tag());
    if (it == v.end()) throw_missing(at, tag_path, "missing required key (one of: " + join(vs.names()) + ")");
    if (!it->is_string())
      fail_at(origins_, tag_path, "expected one of " + join(vs.names()) + ", got " + shown(*it));
    const std::string& name = it->get_ref<const std::string&>();
    const ObjectSchema* params = vs.find(name);
    if (!params) {
      std::string what = "unknown type '" + name + "' (known: " + join(vs.names()) + ")";
      if (auto near = closest(name, vs.names())) what += "; did you mean '" + *near + "'?";
      fail_at(origins_, tag_path, what);
    }
    return object(*params, v, at, vs.tag(), &vs);
  }

  [[noreturn]] void wrong(const Type& t, const nlohmann::json& v, const Path& at) {
    fail_at(origins_, at, "expected " + t.expected() + ", got " + shown(v, t.kind() == Type::Kind::Enum));
  }

  [[noreturn]] void throw_missing(const Path& object_at, const Path& key_at, const std::string& what) {
    throw InputError(located(origins_.of(object_at), key_at, what));
  }

  const Origins& origins_;
};

}  // namespace

std::string shown(const nlohmann::json& value, bool quote_strings_singly) {
  std::string s;
  if (quote_strings_singly && value.is_string()) {
    s += '\'';
    s += value.get_ref<const std::string&>();
    s += '\'';
  } else {
    // Strings set with --set may hold invalid UTF-8, which a strict dump would throw on.
    s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  constexpr std::size_t kMax = 60;
  return s.size() > kMax ? s.substr(0, kMax - 3) + "..." : s;
}

nlohmann::json validate(const ObjectSchema& root, const nlohmann::json& doc, const Origins& origins) {
  return validate_value(Type::object(root), doc, origins, {});
}

nlohmann::json validate_value(const Type& type, const nlohmann::json& value, const Origins& origins,
                              const Path& at) {
  return Validator(origins).value(type, value, at);
}

}  // namespace opgsim::config
