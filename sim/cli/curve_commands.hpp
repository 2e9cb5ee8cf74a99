// The commands that read curves and runs rather than make them: `opgsim compare` (point-by-point
// regression check of two curves, non-zero exit on a regression), `opgsim capacity` (the highest
// rate, or the highest or lowest value of any parameter, that meets an SLO, by bisection, each
// replication its own search) and `opgsim analyze`
// (the breaking point of a sweep or a ramp run, and which resource broke first). Thin adapters:
// the work is in analysis/ (curve_compare, sweep/capacity_runner, sweep/breaking_point).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/sweep/capacity_runner.hpp"

namespace opgsim::cli {

struct CompareArgs {
  std::string baseline, current;     // curve.csv files or sweep folders holding one
  double tolerance = 0.05;
  std::vector<std::string> metrics;  // only these (default: all the baseline has)
};
int cmd_compare(const CompareArgs& a);

struct CapacityArgs {
  analysis::CapacitySpec spec;       // the search as the command line gives it (its defaults are the spec's)
  std::int64_t seed = -1;
  std::string out;                   // default results/capacity/<scenario name>
  bool band = false;                 // one search per model variant (capacity_band.hpp) and the band
  std::string find = "highest";      // --find: highest or lowest passing value
  bool integer = false;              // --integer (an integer field of the schema is detected anyway)
  bool has_min = false, has_max = false;  // --min / --max given
  double min = 0, max = 0;
  bool start_given = false;          // --start given (a bounded search does not use it)
};
int cmd_capacity(const CapacityArgs& a);

int cmd_analyze(const std::string& dir, const std::vector<std::string>& slo);

}  // namespace opgsim::cli
