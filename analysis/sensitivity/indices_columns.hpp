// indices.csv, the answer of a sensitivity study, declared column by column (one row per
// outcome and factor or group; Sobol and Morris studies carry their own columns).
#pragma once

#include <cstdint>
#include <string>

#include "analysis/output/csv_table.hpp"

namespace opgsim::analysis::output {

struct IndexRow {
  std::string outcome, name, kind;
  double first = 0, first_lo = 0, first_hi = 0, total = 0, total_lo = 0, total_hi = 0;  // Sobol
  double mu = 0, mu_star = 0, mu_star_lo = 0, mu_star_hi = 0, sigma = 0;                 // Morris
};

struct IndexFile {
  bool sobol = true;
};

using IndicesTable = CsvTable<IndexRow, IndexFile>;
const IndicesTable& indices_columns();

}  // namespace opgsim::analysis::output
