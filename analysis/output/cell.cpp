// Printing declared output values (see cell.hpp).
#include "analysis/output/cell.hpp"

#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

namespace opgsim::analysis::output {

namespace {
constexpr std::uint64_t kUnitsPerWhole = 1'000'000'000;

void append_units9(std::string& out, std::int64_t units) {
  const char* sign = units < 0 ? "-" : "";
  // Through unsigned so that the most negative int64 has a magnitude too.
  const std::uint64_t u = units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
  fmt::format_to(std::back_inserter(out), "{}{}.{:09}", sign, u / kUnitsPerWhole, u % kUnitsPerWhole);
}
}  // namespace

std::string units9(std::int64_t units) {
  std::string out;
  append_units9(out, units);
  return out;
}

void append_cell(std::string& out, Format f, const Value& v, std::string_view column) {
  const bool is_double = std::holds_alternative<double>(v);
  if (is_double != (f == Format::Shortest || f == Format::Sig6))
    throw std::logic_error(fmt::format("output column '{}': value type does not match its declared format", column));
  auto it = std::back_inserter(out);
  switch (f) {
    case Format::Integer:
      std::visit([&](auto x) { fmt::format_to(it, "{}", x); }, v);
      return;
    case Format::Shortest: fmt::format_to(it, "{}", std::get<double>(v)); return;
    case Format::Sig6: fmt::format_to(it, "{:.6g}", std::get<double>(v)); return;
    case Format::Units9:
      if (const auto* s = std::get_if<std::int64_t>(&v)) {
        append_units9(out, *s);
      } else {
        const auto u = std::get<std::uint64_t>(v);
        fmt::format_to(it, "{}.{:09}", u / kUnitsPerWhole, u % kUnitsPerWhole);
      }
      return;
  }
}

}  // namespace opgsim::analysis::output
