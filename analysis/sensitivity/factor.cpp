// Parsing "--factor path=lo:hi[:log][:int][:step=X][:complement=PATH][@group]" or "path=a|b|c[@group]" and
// mapping unit-cube coordinates to values (see factor.hpp).
#include "analysis/sensitivity/factor.hpp"

#include <algorithm>
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
  if (spec.find('|') != std::string::npos) {  // choices
    for (std::size_t b = 0, c; b <= spec.size(); b = c + 1) {
      c = std::min(spec.find('|', b), spec.size());
      f.choices.push_back(spec.substr(b, c - b));
      if (f.choices.back().empty()) fail("a choice is empty");
      if (f.choices.back().find(',') != std::string::npos) fail("a choice may not contain a comma");
    }
    f.lo = 0;
    f.hi = static_cast<double>(f.choices.size());
    return f;
  }
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
    else if (parts[i].rfind("step=", 0) == 0) {
      if (!parse_number(parts[i].substr(5), f.step) || !(f.step > 0)) fail("step must be a number > 0");
    } else if (parts[i].rfind("complement=", 0) == 0) {
      f.complement = parts[i].substr(11);
      if (f.complement.empty() || f.complement == f.path) fail("complement needs another scenario path");
    } else {
      fail(fmt::format("unknown option '{}' (expected log or int)", parts[i]));  // (or step=X, complement=PATH)
    }
  }
  if (!(f.lo < f.hi)) fail("lo must be < hi");
  if (!f.complement.empty() && (f.lo < 0 || f.hi > 1)) fail("a factor with a complement must lie in [0, 1]");
  if (f.log && !(f.lo > 0)) fail("a log factor needs lo > 0");
  return f;
}

double factor_value(const Factor& f, double u) {
  if (!f.choices.empty())
    return std::min(std::floor(u * static_cast<double>(f.choices.size())), static_cast<double>(f.choices.size() - 1));
  double v = f.log ? std::exp(std::log(f.lo) + u * (std::log(f.hi) - std::log(f.lo))) : f.lo + u * (f.hi - f.lo);
  if (f.integer) v = std::round(v);
  if (f.step > 0) v = std::min(f.hi, f.lo + std::round((v - f.lo) / f.step) * f.step);
  return v;
}

std::string factor_text(const Factor& f, double u) {
  const double v = factor_value(f, u);
  if (!f.choices.empty()) return f.choices[static_cast<std::size_t>(v)];
  if (f.integer) return fmt::format("{}", static_cast<long long>(v));
  // On a grid or with a complement, 10 digits drop the rounding noise (0.65, not 0.65000000000000002).
  if (f.step > 0 || !f.complement.empty()) return fmt::format("{:.10g}", v);
  return fmt::format("{:.17g}", v);
}

std::string complement_text(const Factor& f, double u) { return fmt::format("{:.10g}", 1 - factor_value(f, u)); }

}  // namespace opgsim::analysis
