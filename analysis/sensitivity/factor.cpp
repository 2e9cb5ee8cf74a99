// Parsing "--factor path=lo:hi[:log][:int][@group]" and mapping unit-cube coordinates to values
// (see factor.hpp).
#include "analysis/sensitivity/factor.hpp"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {
namespace {

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(out);
}

}  // namespace

Factor parse_factor(const std::string& text) {
  const auto fail = [&](const std::string& what) { throw InputError(fmt::format("--factor '{}': {}", text, what)); };
  Factor f;
  std::string rest = text;
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    f.group = rest.substr(at + 1);
    if (f.group.empty()) fail("the group after '@' is empty");
    rest = rest.substr(0, at);
  }
  const auto eq = rest.find('=');
  if (eq == std::string::npos || eq == 0) fail("expected path=lo:hi");
  f.path = rest.substr(0, eq);
  std::vector<std::string> parts;
  std::string spec = rest.substr(eq + 1);
  for (std::size_t start = 0;;) {
    const auto colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2) fail("expected path=lo:hi");
  if (!parse_number(parts[0], f.lo) || !parse_number(parts[1], f.hi)) fail("lo and hi must be finite numbers");
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] == "log") f.log = true;
    else if (parts[i] == "int") f.integer = true;
    else fail(fmt::format("unknown option '{}' (expected log or int)", parts[i]));
  }
  if (!(f.lo < f.hi)) fail("lo must be < hi");
  if (f.log && !(f.lo > 0)) fail("a log factor needs lo > 0");
  return f;
}

double factor_value(const Factor& f, double u) {
  double v = f.log ? std::exp(std::log(f.lo) + u * (std::log(f.hi) - std::log(f.lo))) : f.lo + u * (f.hi - f.lo);
  if (f.integer) v = std::round(v);
  return v;
}

}  // namespace opgsim::analysis
