// Markdown tables of declared outputs (see doc_table.hpp).
#include "analysis/output/doc_table.hpp"

#include <fmt/format.h>

namespace opgsim::analysis::output {

std::string doc_table(std::string_view key, std::span<const DocRow> rows) {
  std::string out = fmt::format("| {} | unit | meaning |\n|---|---|---|\n", key);
  for (std::size_t i = 0; i < rows.size();) {
    const DocRow& r = rows[i];
    std::string names = fmt::format("`{}`", r.name);
    std::size_t j = i + 1;
    for (; j < rows.size() && rows[j].unit == r.unit && rows[j].doc == r.doc && rows[j].when == r.when; ++j)
      names += fmt::format(", `{}`", rows[j].name);
    const std::string meaning = r.when.empty() ? std::string(r.doc) : fmt::format("{}: {}", r.when, r.doc);
    out += fmt::format("| {} | {} | {} |\n", names, r.unit, meaning);
    i = j;
  }
  return out;
}

}  // namespace opgsim::analysis::output
