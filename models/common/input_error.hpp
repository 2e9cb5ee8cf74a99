// The one exception type for bad user input (scenario files, traces, catalogs, CSVs).
//
// Its message is already the single line the user sees, "<file>: <json path or line>: <what is
// wrong>"; the CLI prints it and exits with code 2 before anything is written to the output
// directory.
#pragma once

#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace opgsim {

class InputError : public std::runtime_error {
public:
  explicit InputError(const std::string& one_line_message) : std::runtime_error(one_line_message) {}
};

// A model config's field check: throws "<prefix>.<key>: <rule>, got <value>" unless ok.
inline void require_field(bool ok, const char* prefix, const char* key, const char* rule, double got) {
  if (!ok) throw InputError(fmt::format("{}.{}: {}, got {}", prefix, key, rule, got));
}

}  // namespace opgsim
