// A factor of a global sensitivity analysis: a scenario path varied uniformly over [lo, hi]
// (or on a log scale, for parameters that span decades such as fees or rates).
#pragma once

#include <string>
#include <vector>

namespace opgsim::analysis {

struct Factor {
  std::string path;    // dotted scenario path, as --set takes it; or a test function's input name
  double lo = 0, hi = 1;
  bool log = false;    // uniform in log(value): lo and hi must be > 0
  bool integer = false;  // the value is rounded to the nearest integer (counts of nodes, ...)
  std::string group;   // optional: factors of one group get a joint (group) index too
};

// "path=lo:hi" with optional suffixes ":log", ":int" and "@group" ("roles.verifier.count=2:16:int@robustness").
// Throws InputError "--factor '<text>': <what>".
Factor parse_factor(const std::string& text);

// The factor's value at u in [0, 1) (the unit-cube coordinate).
double factor_value(const Factor& f, double u);

}  // namespace opgsim::analysis
