// Markdown field reference generation (see markdown.hpp).
#include "sim/config/markdown.hpp"

#include <algorithm>

namespace opgsim::config {
namespace {

std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string code(const std::string& s) { return "`" + s + "`"; }

std::string join_code(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + code(v[i]);
  return out;
}

std::string allowed(const Type& t) {
  std::string s;
  switch (t.kind()) {
    case Type::Kind::Integer:
    case Type::Kind::Number: s = t.range_text(); break;
    case Type::Kind::String: s = t.is_non_empty() ? "non-empty" : ""; break;
    case Type::Kind::Boolean: s = "`true`, `false`"; break;
    case Type::Kind::Enum: s = join_code(t.choices()); break;
    case Type::Kind::Array: {
      const std::string e = allowed(t.element());
      s = t.is_non_empty() ? "non-empty" : "";
      if (t.max_elements()) s += (s.empty() ? "" : ", ") + std::string("at most ") + std::to_string(*t.max_elements());
      if (!e.empty()) s += (s.empty() ? "" : "; ") + std::string("each ") + e;
      break;
    }
    case Type::Kind::Object: s = "see below"; break;
    case Type::Kind::Variant: s = code(t.variant_schema().tag()) + ": " + join_code(t.variant_schema().names()); break;
  }
  if (t.is_nullable()) s += s.empty() ? "`null`" : ", or `null`";
  return s;
}

std::string default_text(const Field& f) {
  switch (f.presence) {
    case Field::Presence::Required: return "required";
    case Field::Presence::Optional: return f.default_doc.empty() ? "unset" : f.default_doc;
    case Field::Presence::Default: return code(f.default_value.dump());
  }
  return {};
}

class Writer {
public:
  // Emits the object's table, then the sections of what it contains, depth first.
  void object(const ObjectSchema& s, const std::string& prefix, const std::string& title,
              const std::string& doc, int level) {
    out_ += std::string(level, '#') + " " + title + "\n\n";
    if (!doc.empty()) out_ += doc + "\n\n";
    if (s.fields().empty()) {
      out_ += "No parameters.\n\n";
      return;
    }
    out_ += "| Field | Type | Unit | Default | Allowed | Meaning |\n|---|---|---|---|---|---|\n";
    for (const Field& f : s.fields()) {
      const std::string path = prefix.empty() ? f.name : prefix + "." + f.name;
      remember(path);
      out_ += "| " + code(path) + " | " + cell(f.type.name()) + " | " + cell(f.unit) + " | " +
              cell(default_text(f)) + " | " + cell(allowed(f.type)) + " | " + cell(f.doc) + " |\n";
    }
    out_ += "\n";
    for (const Field& f : s.fields()) nested(f.type, prefix.empty() ? f.name : prefix + "." + f.name, f.doc, level);
  }

  std::string text() const { return out_; }
  const std::vector<std::string>& paths() const { return paths_; }

private:
  void nested(const Type& t, const std::string& path, const std::string& doc, int level) {
    switch (t.kind()) {
      case Type::Kind::Object: object(t.object_schema(), path, code(path), t.object_schema().doc().empty() ? doc : t.object_schema().doc(), level); break;
      case Type::Kind::Array: nested(t.element(), path + "[]", doc, level); break;
      case Type::Kind::Variant: {
        const VariantSchema& vs = t.variant_schema();
        out_ += std::string(level, '#') + " " + code(path) + "\n\n";
        out_ += (vs.doc().empty() ? doc : vs.doc()) + " Chosen by " + code(path + "." + vs.tag()) + ": " +
                join_code(vs.names()) + ".\n\n";
        remember(path + "." + vs.tag());
        for (const auto& alt : vs.alternatives())
          object(*alt.params, path, code(path) + " with " + code(vs.tag() + ": " + alt.name),
                 alt.params->doc(), level + 1);
        break;
      }
      default: break;
    }
  }

  void remember(const std::string& path) {
    if (std::find(paths_.begin(), paths_.end(), path) == paths_.end()) paths_.push_back(path);
  }

  std::string out_;
  std::vector<std::string> paths_;
};

}  // namespace

std::string schema_markdown(const ObjectSchema& root, int heading_level) {
  Writer w;
  w.object(root, "", "Top level", root.doc(), heading_level);
  return w.text();
}

std::vector<std::string> documented_paths(const ObjectSchema& root) {
  Writer w;
  w.object(root, "", "Top level", root.doc(), 3);
  return w.paths();
}

}  // namespace opgsim::config
