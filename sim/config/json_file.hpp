// Reading one JSON file, with every failure reported as one line naming the file.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace opgsim::config {

// Deepest nesting of objects and arrays accepted: scenarios nest about 6 levels; refusing deep
// input keeps every recursive walk (validation, merge, dump) far from the stack's end.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses `file` (strict JSON: no comments, no trailing commas). Throws opgsim::InputError:
//   "<file>: cannot open file (No such file or directory)"
//   "<file>: line L, column C: <what the parser expected, shortened>"
//   "<file>: line L, column C: number out of range (beyond +-1.8e308, a double's limit), got 1e999"
//   "<file>: roles.inference.count: duplicate key (a key may appear only once in an object)"
//   "<file>: a.b.c: nested deeper than 64 levels"
//   "<file>: not a regular file (devices, FIFOs and sockets are refused)", or larger than 64 MiB
nlohmann::json read_json_file(const std::string& file);

// Parses text already in memory; `name` stands for the file in messages.
nlohmann::json parse_json_text(const std::string& text, const std::string& name);

}  // namespace opgsim::config
