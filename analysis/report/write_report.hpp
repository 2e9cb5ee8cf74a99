// `opgsim report DIR`: figures (SVG and PNG, drawn by gnuplot with the scripts of
// analysis/plots/) and one self-contained HTML page, DIR/report/index.html, for a sweep folder
// (DIR/curve.csv: throughput and latency against offered load, the per-stage breakdown, the time
// series of the last point's first run) or a run folder (DIR/timeseries.csv: the time series and,
// with the economy, the ledger).
//
// DIR/report/ is written all or nothing: into a temporary folder beside it, renamed into place
// when every figure is drawn; a previous report is replaced. It also holds curve-plot.csv for a
// sweep, the sorted copy of curve.csv the sweep figures are drawn from.
//
// gnuplot (Debian's gnuplot-nox) runs as a child process, found on PATH.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "analysis/output/signal_decl.hpp"

namespace opgsim::analysis::report {

// Writes DIR/report/ and prints where on `out`. Returns the exit code: 0, or 1 when gnuplot
// failed on a script (the script and gnuplot's first error line go to stderr). Throws
// opgsim::InputError (one line naming the file) when DIR is not a sweep or run folder or a file
// in it is malformed, and when gnuplot is not installed.
// `roles`: every role's signal declarations (the role registry's): which columns the time-series
// figure draws in its panels, and the summary table's per-role rows.
// `slo`: --slo terms as analyze takes them (the verdict and the bound lines); empty: analyze's
// default knee criteria.
int write_report(const std::string& dir, std::ostream& out, std::span<const RoleSignals> roles,
                 const std::vector<std::string>& slo = {});

}  // namespace opgsim::analysis::report
