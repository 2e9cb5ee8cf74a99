// Printing declared output values (see cell.hpp).
#include "analysis/output/cell.hpp"

#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

namespace opgsim::analysis::output {

void append_cell(std::string& out, Format f, const Value& v, std::string_view column) {
  const bool is_double = std::holds_alternative<double>(v);
  const bool is_text = std::holds_alternative<std::string>(v);
  if (is_double != (f == Format::Shortest || f == Format::Sig6) || is_text != (f == Format::Text))
    throw std::logic_error(fmt::format("output column '{}': value type does not match its declared format", column));
  auto it = std::back_inserter(out);
  switch (f) {
    case Format::Integer:
      std::visit([&](auto x) { fmt::format_to(it, "{}", x); }, v);
      return;
    case Format::Shortest: fmt::format_to(it, "{}", std::get<double>(v)); return;
    case Format::Sig6: fmt::format_to(it, "{:.6g}", std::get<double>(v)); return;
    case Format::Text: out += std::get<std::string>(v); return;
  }
}

}  // namespace opgsim::analysis::output
