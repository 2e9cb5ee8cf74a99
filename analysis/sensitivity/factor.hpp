// A factor of a global sensitivity analysis: a scenario path varied uniformly over [lo, hi]
// (or on a log scale, for parameters that span decades such as fees or rates), optionally on a
// grid of steps (so that long-horizon runs share their cached windows), or drawn from a list of
// choices (a GPU type), and optionally with a second path that takes 1 - value (fee shares that
// must sum to 1).
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
  double step = 0;     // > 0: the value is rounded to lo + a multiple of step (after log / int)
  std::vector<std::string> choices;  // non-empty: the value is choices[floor(u * size)] (lo 0, hi size)
  std::string complement;            // non-empty: this path gets 1 - value in the same run
};

// "path=lo:hi" with optional suffixes ":log", ":int", ":step=X", ":complement=PATH" and "@group"
// ("roles.verifier.count=2:16:int@robustness"), or "path=a|b|c[@group]" (choices, equally likely).
// Throws InputError "--factor '<text>': <what>".
Factor parse_factor(const std::string& text);

// The factor's value at u in [0, 1) (the unit-cube coordinate); for choices, the choice's index.
double factor_value(const Factor& f, double u);
// The value as --set takes it: the choice, an integer, or %.10g (so that 1 - value is clean).
std::string factor_text(const Factor& f, double u);
// The complement path's value as --set takes it (1 - value).
std::string complement_text(const Factor& f, double u);

}  // namespace opgsim::analysis
