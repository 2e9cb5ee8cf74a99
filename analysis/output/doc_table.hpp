// The Markdown reference table of a declared output (results/README.md): one line per
// declaration, consecutive declarations with the same unit, doc and condition sharing a line.
// No SimGrid.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace opgsim::analysis::output {

struct DocRow {
  std::string_view name;  // a column or a field path (pattern)
  std::string_view unit;
  std::string_view doc;
  std::string_view when;  // "" = always present; else the condition in words
};

// `| <key> | unit | meaning |` then one line per group; `meaning` is "<when>: <doc>" for a
// conditional row.
std::string doc_table(std::string_view key, std::span<const DocRow> rows);

}  // namespace opgsim::analysis::output
