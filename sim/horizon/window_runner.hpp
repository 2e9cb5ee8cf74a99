// Runs a period's request-level window as a child process of this binary (SimGrid allows one
// engine per process) and keeps its performance: in memory for this run and on disk in
// horizon.cache_dir under the window scenario's key (cache_key), so a repeated operating point is
// simulated once, across runs too. The cache keeps <key>.scenario.json (checked against the
// window asked for, so a hash collision re-simulates) and <key>.summary.json.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/horizon/window_perf.hpp"

namespace opgsim::horizon {

class WindowRunner {
public:
  explicit WindowRunner(std::filesystem::path cache_dir);
  // The window's performance; `simulated` says whether it ran now (false: from the cache).
  // Throws std::runtime_error naming the child's log when the window's run fails.
  WindowPerf perf(const nlohmann::json& window, bool& simulated);
  std::uint64_t simulated() const { return simulated_; }
  std::uint64_t reused() const { return reused_; }

private:
  std::filesystem::path dir_;
  std::map<std::string, WindowPerf> memo_;
  std::uint64_t simulated_ = 0, reused_ = 0;
};

}  // namespace opgsim::horizon
