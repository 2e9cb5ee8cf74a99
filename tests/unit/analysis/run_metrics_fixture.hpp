// Shared by the RunMetrics tests: a config, a hand-built request whose stage times are dyadic
// (so sums are exact), the engine's order of calls for one request, and readers of the JSON and
// CSV the class writes.
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/run_metrics.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::analysis::testing {

// With the role registry's signals; only the inference role has nodes (set_has_nodes for more).
inline MetricsConfig config(double warmup = 0, double duration = 100, double window = 10) {
  MetricsConfig c;
  c.warmup_s = warmup;
  c.duration_s = duration;
  c.horizon_s = duration + 50;
  c.window_s = window;
  c.roles = opgsim::role_signals();
  for (const RoleSignals& r : c.roles) c.role_has_nodes.push_back(r.role == "inference");
  return c;
}

inline void set_has_nodes(MetricsConfig& c, std::string_view role) {
  for (std::size_t k = 0; k < c.roles.size(); ++k)
    if (c.roles[k].role == role) c.role_has_nodes[k] = true;
}

// The slot of a role signal in WindowSample::values.
inline std::size_t slot(std::string_view name) { return opgsim::signal_slot(name); }

// A completed request with only the foreground timestamps, all dyadic so sums are exact:
// route 0.5, data 0.75, queue 0.25 + 0.5, inference 2.5, proof 0.5, deliver 0.125.
inline RequestTimes foreground(double submit) {
  RequestTimes t;
  t.submit = submit;
  t.central_wait = 0.25;
  t.at_node = submit + 0.75;
  t.data_ready = submit + 1.5;
  t.started = submit + 2.0;
  t.done = submit + 4.5;
  t.proof_done = submit + 5.0;
  t.result = submit + 5.125;
  return t;
}

// The engine's order of calls for one request that ends at `end`.
inline void run_one(RunMetrics& m, const RequestTimes& t, double end, Outcome o = Outcome::Completed,
             std::uint32_t tokens = 10) {
  m.on_submit(t.submit);
  m.on_terminal(end, end, o, t, tokens);
}

inline double stage_mean(const nlohmann::json& s, const char* stage) { return s["stages"][stage]["mean"].get<double>(); }
inline std::uint64_t stage_count(const nlohmann::json& s, const char* stage) {
  return s["stages"][stage]["count"].get<std::uint64_t>();
}

const std::vector<const char*> kForeground = {"route", "data", "queue", "inference", "proof", "deliver"};
const std::vector<const char*> kAllStages = {"route",   "data",    "queue",  "inference", "proof",
                                             "deliver", "storage", "verify", "settle"};

inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  return out;
}

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) out.push_back(line);
  return out;
}

// Row `row` (0-based, after the header) of timeseries.csv as column -> cell.
inline std::map<std::string, std::string> csv_row(const std::string& csv, std::size_t row) {
  const auto ls = lines(csv);
  REQUIRE(ls.size() > row + 1);
  const auto header = split(ls[0]);
  const auto cells = split(ls[row + 1]);
  REQUIRE(cells.size() == header.size());
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < header.size(); ++i) out[header[i]] = cells[i];
  return out;
}

}  // namespace opgsim::analysis::testing
