// Loading a document that may build on another one through "extends".
//
// A file may say "extends": "base.json" (a path relative to the file itself). The base is
// loaded first (following its own extends), then the file is applied to it as an RFC 7386
// merge patch, so a variant scenario only states what differs. The "extends" key itself does
// not survive into the result.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/config/origins.hpp"

namespace opgsim::config {

struct Document {
  nlohmann::json value = nlohmann::json::object();
  Origins origins;
};

// Reads `file` and its extends chain. Files are named in messages as reached: the top file as
// given, a base as <extending file's folder>/<extends value>. Throws opgsim::InputError, e.g.
//   "a.json: extends: cycle a.json -> b.json -> a.json"
//   "a.json: extends: cannot open 'missing.json' (No such file or directory)"
//   "a.json: expected a JSON object at the top level, got [1,2]"
Document load_with_extends(const std::string& file);

// The same for a top document already in memory (the fuzz target, tests/fuzz/): `text` stands
// for the contents of `file`, which names it in messages and anchors a relative "extends".
Document load_with_extends_text(const std::string& text, const std::string& file);

}  // namespace opgsim::config
