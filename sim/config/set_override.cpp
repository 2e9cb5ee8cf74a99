// --set parsing and application (see set_override.hpp).
#include "sim/config/set_override.hpp"

#include <cctype>

#include "models/common/input_error.hpp"
#include "sim/config/json_file.hpp"

namespace opgsim::config {
namespace {

[[noreturn]] void malformed(const std::string& text, const std::string& why = {}) {
  throw InputError(std::string(kSetOrigin) + ": expected dotted.path=value, got '" + text + "'" +
                   (why.empty() ? "" : " (" + why + ")"));
}

bool key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

Path parse_path(const std::string& p, const std::string& text) {
  Path path;
  std::size_t i = 0;
  bool expect_key = true;  // at the start and after a dot
  while (i < p.size()) {
    if (expect_key) {
      std::size_t j = i;
      while (j < p.size() && key_char(p[j])) ++j;
      if (j == i) malformed(text, "empty key in the path");
      path = path.key(p.substr(i, j - i));
      i = j;
      expect_key = false;
    } else if (p[i] == '.') {
      ++i;
      expect_key = true;
    } else if (p[i] == '[') {
      const std::size_t close = p.find(']', i);
      if (close == std::string::npos) malformed(text, "missing ']' in the path");
      const std::string idx = p.substr(i + 1, close - i - 1);
      if (!all_digits(idx) || idx.size() > 9) malformed(text, "array index must be [0], [1], ...");
      path = path.index(std::stoul(idx));
      i = close + 1;
    } else {
      malformed(text, std::string("unexpected '") + p[i] + "' in the path");
    }
  }
  if (expect_key) malformed(text, "the path ends with '.'");
  return path;
}

std::string type_name(const nlohmann::json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_null()) return "null";
  return "a number";
}

}  // namespace

Assignment parse_assignment(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) malformed(text);
  std::string lhs = text.substr(0, eq);
  while (!lhs.empty() && std::isspace(static_cast<unsigned char>(lhs.back()))) lhs.pop_back();
  if (lhs.empty()) malformed(text);
  Assignment a;
  a.text = text;
  a.path = parse_path(lhs, text);
  const std::string rhs = text.substr(eq + 1);
  // Well-formed JSON goes through the file parser's checks too (duplicate keys, depth).
  if (nlohmann::json::accept(rhs)) a.value = parse_json_text(rhs, std::string(kSetOrigin) + ": " + lhs);
  else a.value = rhs;
  return a;
}

void apply_sets(Document& doc, const std::vector<std::string>& sets) {
  for (const std::string& text : sets) {
    const Assignment a = parse_assignment(text);
    const auto& segs = a.path.segments();
    if (!segs.front().is_index && segs.front().key == "extends" && segs.size() == 1)
      throw InputError(std::string(kSetOrigin) +
                       ": extends: cannot be overridden (extends is followed before --set applies)");

    nlohmann::json* node = &doc.value;
    Path at;
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const auto& s = segs[i];
      const bool last = i + 1 == segs.size();
      if (s.is_index) {
        const Path here = at.index(s.index);
        if (!node->is_array())
          throw InputError(located(kSetOrigin, here,
                                   node->is_null() ? "index out of range (" + at.dotted() +
                                                         " is not in the scenario; set the whole array)"
                                                   : at.dotted() + " is " + type_name(*node) +
                                                         ", not an array"));
        if (s.index >= node->size())
          throw InputError(located(kSetOrigin, here,
                                   "index out of range (" + at.dotted() + " has " +
                                       std::to_string(node->size()) + " element" +
                                       (node->size() == 1 ? "" : "s") + ")"));
        node = &(*node)[s.index];
        at = here;
      } else {
        const Path here = at.key(s.key);
        if (node->is_array() && all_digits(s.key))
          throw InputError(located(kSetOrigin, at,
                                   "is an array: address its elements as " + at.dotted() + "[" +
                                       s.key + "]"));
        if (node->is_null()) *node = nlohmann::json::object();
        if (!node->is_object())
          throw InputError(located(kSetOrigin, at, "is " + type_name(*node) + ", not an object"));
        if (last && a.value.is_null()) {
          node->erase(s.key);
          doc.origins.erase(here);
          break;
        }
        node = &(*node)[s.key];
        at = here;
      }
      if (last) {
        *node = a.value;
        doc.origins.set(at, kSetOrigin);
      }
    }
  }
}

}  // namespace opgsim::config
