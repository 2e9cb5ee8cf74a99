// Declared JSON output fields: pattern expansion, checks and docs (see field_registry.hpp).
#include "analysis/output/field_registry.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/output/doc_table.hpp"

namespace opgsim::analysis::output {

namespace {
// Splits on '.' outside braces.
std::vector<std::string_view> segments(std::string_view pattern) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i <= pattern.size(); ++i) {
    if (i == pattern.size() || (pattern[i] == '.' && depth == 0)) {
      out.push_back(pattern.substr(start, i - start));
      start = i + 1;
    } else if (pattern[i] == '{') {
      ++depth;
    } else if (pattern[i] == '}') {
      --depth;
    }
  }
  return out;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto comma = s.find(',', start);
    out.emplace_back(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}
}  // namespace

FieldRegistry::FieldRegistry(std::string file, std::span<const FieldDecl> fields, std::vector<Placeholder> placeholders)
    : file_(std::move(file)), fields_(fields), placeholders_(std::move(placeholders)) {
  for (const FieldDecl& f : fields_)
    for (std::string& p : expand(f.path))
      if (!concrete_.emplace(p, &f).second)
        throw std::logic_error(fmt::format("{}: field '{}' declared twice", file_, p));
}

std::vector<std::string> FieldRegistry::expand(std::string_view pattern) const {
  std::vector<std::string> paths{""};
  for (std::string_view seg : segments(pattern)) {
    std::vector<std::string> values;
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      values = split_commas(seg.substr(1, seg.size() - 2));
    } else if (seg.size() >= 2 && seg.front() == '<' && seg.back() == '>') {
      const std::string_view name = seg.substr(1, seg.size() - 2);
      const Placeholder* ph = nullptr;
      for (const Placeholder& p : placeholders_)
        if (p.name == name) ph = &p;
      if (ph == nullptr) throw std::logic_error(fmt::format("{}: '{}': unknown placeholder <{}>", file_, pattern, name));
      values = ph->values;
    } else {
      values.emplace_back(seg);
    }
    for (const std::string& v : values)
      if (v.empty() || v.find_first_of("{}<>") != std::string::npos)
        throw std::logic_error(fmt::format("{}: malformed field pattern '{}'", file_, pattern));
    std::vector<std::string> next;
    for (const std::string& p : paths)
      for (const std::string& v : values) next.push_back(p.empty() ? v : p + "." + v);
    paths = std::move(next);
  }
  return paths;
}

const FieldDecl* FieldRegistry::find(std::string_view path) const {
  if (const auto it = concrete_.find(path); it != concrete_.end()) return it->second;
  // An opaque field above it?
  for (auto dot = path.rfind('.'); dot != std::string_view::npos; dot = path.rfind('.', dot - 1)) {
    if (const auto it = concrete_.find(path.substr(0, dot)); it != concrete_.end() && it->second->opaque)
      return it->second;
    if (dot == 0) break;
  }
  return nullptr;
}

void FieldRegistry::walk(const nlohmann::json& j, const std::string& path, std::vector<std::string>& out) const {
  const FieldDecl* here = path.empty() ? nullptr : find(path);
  if (j.is_object() && !j.empty() && !(here != nullptr && here->opaque)) {
    for (const auto& [key, value] : j.items()) walk(value, path.empty() ? key : path + "." + key, out);
    return;
  }
  if (here == nullptr) out.push_back(path.empty() ? "(the document)" : path);
}

std::vector<std::string> FieldRegistry::undeclared(const nlohmann::json& doc) const {
  std::vector<std::string> out;
  walk(doc, "", out);
  return out;
}

std::vector<std::string> FieldRegistry::missing(const nlohmann::json& doc) const {
  std::vector<std::string> out;
  for (const auto& [path, decl] : concrete_) {
    if (!decl->when.empty()) continue;
    const nlohmann::json* j = &doc;
    for (std::string_view seg : segments(path)) {
      if (!j->is_object()) { j = nullptr; break; }
      const auto it = j->find(std::string(seg));
      if (it == j->end()) { j = nullptr; break; }
      j = &*it;
    }
    if (j == nullptr) out.push_back(path);
  }
  return out;
}

void FieldRegistry::require_declared(const nlohmann::json& doc) const {
  const auto bad = undeclared(doc);
  if (!bad.empty())
    throw std::logic_error(fmt::format("{}: field '{}' is not declared (analysis/output)", file_, bad.front()));
}

std::string FieldRegistry::markdown() const {
  std::vector<DocRow> rows;
  for (const FieldDecl& f : fields_) rows.push_back({f.path, f.unit, f.doc, f.when});
  std::string out = doc_table("field", rows);
  for (const Placeholder& p : placeholders_) {
    bool used = false;
    const std::string token = fmt::format("<{}>", p.name);
    for (const FieldDecl& f : fields_) used |= f.path.find(token) != std::string_view::npos;
    if (!used) continue;
    out += fmt::format("\n`{}` is one of: `{}`.\n", token, fmt::join(p.values, "`, `"));
  }
  return out;
}

}  // namespace opgsim::analysis::output
