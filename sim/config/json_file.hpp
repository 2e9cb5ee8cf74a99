// Reading one JSON file, with every failure reported as one line naming the file.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace opgsim::config {

// Parses `file` (strict JSON: no comments, no trailing commas). Throws opgsim::InputError:
//   "<file>: cannot open file (No such file or directory)"
//   "<file>: line L, column C: <what the parser expected, shortened>"
nlohmann::json read_json_file(const std::string& file);

// Parses text already in memory; `name` stands for the file in messages.
nlohmann::json parse_json_text(const std::string& text, const std::string& name);

}  // namespace opgsim::config
