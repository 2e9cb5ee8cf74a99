// A CSV file declared as a list of columns: each column is declared once with its name, unit,
// one-line doc, when it is present and how its value is taken from a row and printed. The
// header, every row and the column reference in results/README.md are produced by iterating the
// declarations, so a column cannot be added to the header without its value (or its doc), and
// no positional format string has to be kept in step with a header by hand. No SimGrid.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/output/cell.hpp"
#include "analysis/output/doc_table.hpp"

namespace opgsim::analysis::output {

// One column. `Row` is what a row's values are read from; `Context` is what decides, once per
// file, which conditional columns it has (e.g. whether the run has a gateway router).
template <class Row, class Context>
struct CsvColumn {
  std::string_view name;
  std::string_view unit;   // "" for none
  std::string_view doc;    // consecutive columns with the same unit, doc and `when` share a doc row
  Format format;
  Value (*value)(const Row&);
  // Conditional columns: `present` decides, `when` says it in words for the docs ("gateway
  // placement only"). Always present when `present` is null.
  bool (*present)(const Context&) = nullptr;
  std::string_view when = {};
  // A per-window signal that sweeps summarize as mean and max over the measured windows.
  bool signal = false;

  bool is_present(const Context& c) const { return present == nullptr || present(c); }
};

template <class Row, class Context>
class CsvTable {
public:
  using Column = CsvColumn<Row, Context>;
  explicit constexpr CsvTable(std::span<const Column> columns) : columns_(columns) {}

  std::span<const Column> columns() const { return columns_; }

  // The header line, '\n' included.
  std::string header(const Context& c) const {
    std::string out;
    for (const Column& col : columns_) {
      if (!col.is_present(c)) continue;
      if (!out.empty()) out += ',';
      out += col.name;
    }
    out += '\n';
    return out;
  }

  // Appends one row, '\n' included, with the same columns as header(c).
  void append_row(std::string& out, const Row& row, const Context& c) const {
    bool first = true;
    for (const Column& col : columns_) {
      if (!col.is_present(c)) continue;
      if (!first) out += ',';
      first = false;
      append_cell(out, col.format, col.value(row), col.name);
    }
    out += '\n';
  }

  // The columns' reference as a Markdown table (results/README.md).
  std::string markdown() const {
    std::vector<DocRow> rows;
    for (const Column& col : columns_) rows.push_back({col.name, col.unit, col.doc, col.when});
    return doc_table("column", rows);
  }

private:
  std::span<const Column> columns_;
};

}  // namespace opgsim::analysis::output
