// The one exception type for bad user input (scenario files, traces, catalogs, CSVs).
//
// Its message is already the single line the user sees, "<file>: <json path or line>: <what is
// wrong>"; the CLI prints it and exits with code 2 before anything is written to the output
// directory. Control characters (a key with a newline in it, ...) are escaped here, so the line
// stays one line whatever the input held.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace opgsim {

// `text` with every control character written as a JSON-style escape (\n, \t, \u001b, ...).
inline std::string escape_control_chars(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else out += fmt::format("\\u{:04x}", u);
  }
  return out;
}

class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& one_line_message)
      : std::runtime_error(escape_control_chars(one_line_message)) {}
};

// A model config's field check: throws "<prefix>.<key>: <rule>, got <value>" unless ok.
inline void require_field(bool ok, const char* prefix, const char* key, const char* rule, double got) {
  if (!ok) throw InputError(fmt::format("{}.{}: {}, got {}", prefix, key, rule, got));
}

}  // namespace opgsim
