// One value of a declared output (a CSV cell) and the few ways outputs print numbers, so that
// every writer prints the same kind of number the same way. No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace opgsim::analysis::output {

enum class Format : std::uint8_t {
  Integer,   // an integer as is
  Shortest,  // a double, shortest round-trip form ("{}": 10, 0.25, 1e-07)
  Sig6,      // a double, 6 significant digits ("{:.6g}")
  Text,      // a string as is (the writer keeps commas, quotes and newlines out of it)
};

using Value = std::variant<std::int64_t, std::uint64_t, double, std::string>;

// Appends `v` printed as `f`. A double given to an integer format or the other way round is a
// declaration error (std::logic_error naming `column`).
void append_cell(std::string& out, Format f, const Value& v, std::string_view column);

}  // namespace opgsim::analysis::output
