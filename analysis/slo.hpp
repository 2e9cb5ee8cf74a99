// Service-level objectives over summary.json values: terms such as "latency_s.p99<=10" or
// "measured.success_ratio >= 0.99", parsed from --slo flags and checked against a run's summary
// (or any source of numbers by dotted path). No SimGrid.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace opgsim::analysis {

// One term: the value at `path` must be <= (Le) or >= (Ge) `bound`. `text` is the term as given
// (trimmed), e.g. "latency_s.p99<=10".
struct SloTerm {
  std::string path;
  enum class Op { Le, Ge } op = Op::Le;
  double bound = 0;
  std::string text;
};

// Parses "dotted.path<=number" or "dotted.path>=number" (spaces allowed around the operator and
// the whole term). The path is dot-separated non-empty segments without spaces; the number is a
// finite decimal. Throws InputError "--slo '<text>': <what is wrong>".
SloTerm parse_slo(const std::string& text);

// The value at a dotted path of a JSON object ("latency_s.p99" = j["latency_s"]["p99"]), or
// nullopt when a segment is absent, an intermediate value is not an object, or the value is not
// a number (booleans are not numbers).
std::optional<double> json_number(const nlohmann::json& j, const std::string& dotted);

// `met` when every term holds. `detail` names the first violated term with its value, e.g.
// "latency_s.p99 = 12.3 > 10" or "measured.success_ratio = 0.9 < 0.99", or says
// "latency_s.p99 is absent (needs <= 10)"; "all met" when every term holds (or there is none).
// A term whose path is absent is violated.
struct SloVerdict {
  bool met = true;
  std::string detail;
};
SloVerdict check_slo(const std::vector<SloTerm>& terms, const nlohmann::json& summary);
// The same over any lookup of values by path (nullopt = absent), e.g. a load point's values.
SloVerdict check_slo(const std::vector<SloTerm>& terms,
                     const std::function<std::optional<double>(const std::string&)>& value_of);

}  // namespace opgsim::analysis
