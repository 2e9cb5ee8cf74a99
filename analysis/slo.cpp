// SLO terms: parsing "path<=number" / "path>=number", dotted-path lookup in summary.json, and
// the verdict naming the first violated term.
#include "analysis/slo.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

[[noreturn]] void fail(std::string_view text, const std::string& what) {
  throw InputError(fmt::format("--slo '{}': {}", text, what));
}

// Short form for messages; when that would make value and bound look equal, the exact form.
std::pair<std::string, std::string> shown(double value, double bound) {
  std::string v = fmt::format("{:.6g}", value), b = fmt::format("{:.6g}", bound);
  if (v == b) {
    v = fmt::format("{}", value);
    b = fmt::format("{}", bound);
  }
  return {v, b};
}

}  // namespace

SloTerm parse_slo(const std::string& text) {
  const std::string_view whole = trim(text);
  const std::size_t le = whole.find("<="), ge = whole.find(">=");
  if (le == std::string_view::npos && ge == std::string_view::npos)
    fail(whole, "expected <path><=<number> or <path>>=<number>");
  const bool is_le = ge == std::string_view::npos || (le != std::string_view::npos && le < ge);
  const std::size_t at = is_le ? le : ge;
  const char* op_text = is_le ? "<=" : ">=";

  const std::string_view path = trim(whole.substr(0, at));
  const std::string_view number = trim(whole.substr(at + 2));
  if (path.empty()) fail(whole, fmt::format("missing the path before '{}'", op_text));
  if (path.find_first_of(" \t") != std::string_view::npos)
    fail(whole, fmt::format("path '{}' contains a space", path));
  if (path.front() == '.' || path.back() == '.' || path.find("..") != std::string_view::npos)
    fail(whole, fmt::format("path '{}' has an empty segment", path));
  if (number.empty()) fail(whole, fmt::format("missing the number after '{}'", op_text));

  double bound = 0;
  const char* first = number.data();
  const char* last = number.data() + number.size();
  if (*first == '+') ++first;  // from_chars takes no leading '+'
  const auto [end, ec] = std::from_chars(first, last, bound);
  if (ec != std::errc() || end != last || first == last)
    fail(whole, fmt::format("'{}' is not a number", number));
  if (!std::isfinite(bound)) fail(whole, fmt::format("'{}' is not a finite number", number));

  SloTerm t;
  t.path = std::string(path);
  t.op = is_le ? SloTerm::Op::Le : SloTerm::Op::Ge;
  t.bound = bound;
  t.text = std::string(whole);
  return t;
}

std::optional<double> json_number(const nlohmann::json& j, const std::string& dotted) {
  if (dotted.empty()) return std::nullopt;
  const nlohmann::json* node = &j;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', begin);
    const std::string key = dotted.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin);
    if (!node->is_object()) return std::nullopt;
    const auto it = node->find(key);
    if (it == node->end()) return std::nullopt;
    node = &*it;
    if (dot == std::string::npos) break;
    begin = dot + 1;
  }
  if (!node->is_number()) return std::nullopt;
  return node->get<double>();
}

SloVerdict check_slo(const std::vector<SloTerm>& terms,
                     const std::function<std::optional<double>(const std::string&)>& value_of) {
  for (const SloTerm& t : terms) {
    const bool le = t.op == SloTerm::Op::Le;
    const std::optional<double> v = value_of(t.path);
    if (!v) return {false, fmt::format("{} is absent (needs {} {})", t.path, le ? "<=" : ">=", t.bound)};
    const bool ok = le ? *v <= t.bound : *v >= t.bound;
    if (!ok) {
      const auto [value, bound] = shown(*v, t.bound);
      return {false, fmt::format("{} = {} {} {}", t.path, value, le ? ">" : "<", bound)};
    }
  }
  return {true, "all met"};
}

SloVerdict check_slo(const std::vector<SloTerm>& terms, const nlohmann::json& summary) {
  return check_slo(terms, [&summary](const std::string& path) { return json_number(summary, path); });
}

}  // namespace opgsim::analysis
