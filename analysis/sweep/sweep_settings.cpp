// Differences between two sweeps' settings (see sweep_settings.hpp).
#include "analysis/sweep/sweep_settings.hpp"

#include <map>

#include <fmt/format.h>

namespace opgsim::analysis {

namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out.empty() ? "(none)" : out;
}

// --set overrides by path; a later one for the same path wins, as when the runs apply them.
std::map<std::string, std::string> by_path(const std::vector<std::string>& sets) {
  std::map<std::string, std::string> out;
  for (const std::string& s : sets) {
    const std::size_t eq = s.find('=');
    out[s.substr(0, eq)] = eq == std::string::npos ? "" : s.substr(eq + 1);
  }
  return out;
}

// A --param's values as given: JSON ones (arrays, objects) separated by ';', others by ','.
std::string values_text(const SweepParam& p) {
  const bool json = !p.values.empty() && !p.values.front().empty() &&
                    (p.values.front().front() == '[' || p.values.front().front() == '{');
  return joined(p.values, json ? ";" : ",");
}

// "product", "zip", or the zipped groups: "zip groups a+b".
std::string combination(const SweepSpec& s) {
  if (s.zip) return "zip";
  if (s.zip_groups.empty()) return "product";
  std::string out = "zip groups";
  for (const auto& g : s.zip_groups) out += " " + joined(g, "+");
  return out;
}

}  // namespace

std::vector<std::string> settings_differences(const SweepSpec& a, const SweepSpec& b) {
  std::vector<std::string> out;
  const auto differ = [&out](const std::string& what, const std::string& x, const std::string& y) {
    if (x != y) out.push_back(fmt::format("{}: {} vs {}", what, x, y));
  };
  differ("scenario", a.scenario, b.scenario);
  differ("command", a.command, b.command);
  std::map<std::string, std::pair<std::string, std::string>> params;  // path -> (a's values, b's)
  for (const SweepParam& p : a.params) params[p.path].first = values_text(p);
  for (const SweepParam& p : b.params) params[p.path].second = values_text(p);
  for (const auto& [path, values] : params)
    differ(fmt::format("--param {}", path), values.first.empty() ? "(not swept)" : values.first,
           values.second.empty() ? "(not swept)" : values.second);
  differ("combination", combination(a), combination(b));
  differ("replications", std::to_string(a.replications), std::to_string(b.replications));
  const auto sa = by_path(a.sets), sb = by_path(b.sets);
  std::map<std::string, std::pair<std::string, std::string>> sets;
  for (const auto& [path, v] : sa) sets[path].first = v;
  for (const auto& [path, v] : sb) sets[path].second = v;
  for (const auto& [path, values] : sets) {
    const bool in_a = sa.count(path) != 0, in_b = sb.count(path) != 0;
    differ(fmt::format("--set {}", path), in_a ? values.first : "(the scenario's)",
           in_b ? values.second : "(the scenario's)");
  }
  differ("seed", std::to_string(a.base_seed), std::to_string(b.base_seed));
  differ("--cfg", joined(a.cfgs), joined(b.cfgs));
  return out;
}

}  // namespace opgsim::analysis
