// A period's request-level window (pure): the scenario as run (its `resolved` JSON) turned into a
// short request-level scenario at one operating point, and the key its results are cached under.
// The window: duration window_s, warmup_s at most half of it, poisson arrivals at the point's
// rate, each role's node count set to its active nodes, the economy off, no horizon, and the
// faults of the period [p0, p1) mapped into the window in proportion (an event at p0 + x (p1 - p0)
// happens at x window_s), plus the faults still in force at p0 (the last crash, cut, slow or
// malicious start of a target before p0 that no recovery followed) at time 0. Payment-chain
// outages stay with the economy (the aggregate charge settles within the period); events on a node
// whose index is beyond the window's count of its role are left out.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace opgsim::horizon {

struct OperatingPoint {
  double rate_rps = 0;                          // a point of the rate grid
  std::map<std::string, std::uint32_t> counts;  // role name -> active nodes (roles not listed keep their count)
  nlohmann::json faults = nlohmann::json::array();  // window_faults(...)
};

// The fault events (scenario `faults.events`, any order) in force during [p0, p1), in window time.
nlohmann::json window_faults(const nlohmann::json& events, double p0, double p1, double window_s,
                             const std::map<std::string, std::uint32_t>& counts);

nlohmann::json window_scenario(const nlohmann::json& resolved, double window_s, const OperatingPoint& point);

// 16 hex digits: FNV-1a (64 bits) of the window's JSON text (stable across builds and runs).
std::string cache_key(const nlohmann::json& window);

}  // namespace opgsim::horizon
