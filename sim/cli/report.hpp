// `opgsim report DIR`: the command's adapter; the report itself is analysis/report/write_report.hpp.
#pragma once

#include <ostream>
#include <string>

#include "analysis/report/write_report.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::cli {

inline int report(const std::string& dir, const std::vector<std::string>& slo, std::ostream& out) {
  return analysis::report::write_report(dir, out, role_signals(), slo);
}

}  // namespace opgsim::cli
