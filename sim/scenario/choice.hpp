// Converting a validated string choice to its enum through one table. The schema has already
// checked the value against its allowed names, so a value outside the table means the schema
// and the conversion disagree: that is reported as such, never turned into a default.
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

namespace opgsim {

template <class E>
E choice(const nlohmann::json& value, std::initializer_list<std::pair<std::string_view, E>> table, std::string_view what) {
  const std::string& s = value.get_ref<const std::string&>();
  for (const auto& [name, e] : table)
    if (name == s) return e;
  throw std::logic_error("scenario conversion has no " + std::string(what) + " named '" + s +
                         "' although the schema accepted it");
}

}  // namespace opgsim
