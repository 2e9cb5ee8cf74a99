// One table of scenario spellings per enum (verification modes, verifier
// policies, ...), from which to_string, parsing and the schema's list of allowed values all
// come, so the three can never disagree.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opgsim {

template <class E, std::size_t N>
using EnumNames = std::array<std::pair<E, const char*>, N>;

template <class E, std::size_t N>
constexpr const char* name_of(const EnumNames<E, N>& names, E value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "unknown";
}

template <class E, std::size_t N>
std::optional<E> parse_name(const EnumNames<E, N>& names, std::string_view text) {
  for (const auto& [e, name] : names)
    if (text == name) return e;
  return std::nullopt;
}

template <class E, std::size_t N>
std::vector<std::string> all_names(const EnumNames<E, N>& names) {
  std::vector<std::string> out;
  for (const auto& entry : names) out.emplace_back(entry.second);
  return out;
}

}  // namespace opgsim
