// A period's request-level window (see window_scenario.hpp).
#include "sim/horizon/window_scenario.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace opgsim::horizon {

using nlohmann::json;

namespace {
// Each kind's fault family and whether it starts (crash) or ends (recover) the fault.
struct KindInfo {
  std::string_view name;
  int family;
  bool starts;
};
constexpr std::array<KindInfo, 10> kKinds = {{{"crash", 0, true},
                                              {"recover", 0, false},
                                              {"region_cut", 1, true},
                                              {"region_restore", 1, false},
                                              {"slow_start", 2, true},
                                              {"slow_end", 2, false},
                                              {"malicious_start", 3, true},
                                              {"malicious_end", 3, false},
                                              {"payment_chain_down", 4, true},
                                              {"payment_chain_up", 4, false}}};

const KindInfo* kind_of(const json& e) {
  const std::string k = e.value("kind", "");
  for (const KindInfo& i : kKinds)
    if (i.name == k) return &i;
  return nullptr;
}

std::string target_of(const json& e, int family) {
  return fmt::format("{}/{}/{}/{}", family, e.value("region", ""), e.value("role", ""),
                     e.contains("index") ? e["index"].dump() : "");
}

bool fits(const json& e, const std::map<std::string, std::uint32_t>& counts) {
  if (!e.contains("index") || !e.contains("role")) return true;
  const auto it = counts.find(e["role"].get<std::string>());
  return it == counts.end() || e["index"].get<std::uint64_t>() < it->second;
}
}  // namespace

json window_faults(const json& events, double p0, double p1, double window_s,
                   const std::map<std::string, std::uint32_t>& counts) {
  std::vector<const json*> sorted;
  for (const json& e : events) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const json* a, const json* b) {
    return (*a)["time_s"].get<double>() < (*b)["time_s"].get<double>();
  });
  // In force at p0: the last event of each target and family before p0, if it starts a fault.
  std::map<std::string, const json*> last;
  std::vector<std::string> order;
  json out = json::array();
  for (const json* e : sorted) {
    const KindInfo* k = kind_of(*e);
    if (k == nullptr || k->family == 4) continue;
    const double t = (*e)["time_s"].get<double>();
    if (t >= p1) break;
    if (t < p0) {
      const std::string key = target_of(*e, k->family);
      if (last.emplace(key, e).second) order.push_back(key);
      else last[key] = e;
      continue;
    }
    if (!fits(*e, counts)) continue;
    json w = *e;
    w["time_s"] = (t - p0) / (p1 - p0) * window_s;
    out.push_back(std::move(w));
  }
  json carried = json::array();
  for (const std::string& key : order) {
    const json& e = *last[key];
    if (!kind_of(e)->starts || !fits(e, counts)) continue;
    json w = e;
    w["time_s"] = 0.0;
    carried.push_back(std::move(w));
  }
  for (json& w : out) carried.push_back(std::move(w));
  return carried;
}

json window_scenario(const json& resolved, double window_s, const OperatingPoint& point) {
  json w = resolved;
  w.erase("horizon");
  w["name"] = "window";
  w["description"] = "";
  w["duration_s"] = window_s;
  w["warmup_s"] = std::min(resolved.value("warmup_s", 0.0), window_s / 2);
  w["workload"]["arrivals"] = json{{"type", "poisson"}, {"rate_rps", point.rate_rps}};
  for (const auto& [role, n] : point.counts) w["roles"][role]["count"] = n;
  // The users' patience: the window counts the requests slower than it (the economy is off there).
  if (const json::json_pointer tol("/economy/users/tolerance_latency_s"); resolved.contains(tol))
    w["output"]["slow_latency_s"] = resolved.at(tol);
  w["economy"] = json{{"enabled", false}};
  w["faults"] = json{{"events", point.faults}, {"processes", json::array()}};
  w["output"]["window_s"] = window_s;
  return w;
}

std::string cache_key(const json& window) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : window.dump()) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace opgsim::horizon
