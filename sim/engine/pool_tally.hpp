// What happened in each pool of routed nodes (roles.inference.pools), for summary.json's `pools`:
// requests routed to the pool by class, measured completed requests and their latency. Off (no
// state, one branch per request) without pools. No SimGrid.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/histogram.hpp"

namespace opgsim::engine {

class PoolTally {
public:
  PoolTally() = default;
  // pool_of[node]: its pool (empty: off); pools and classes: how many.
  PoolTally(std::vector<std::uint32_t> pool_of, std::size_t pools, std::size_t classes, double warmup_s,
            double duration_s)
      : pool_of_(std::move(pool_of)), classes_(classes), routed_(pools * classes, 0), completed_(pools, 0),
        latency_(pools), warmup_s_(warmup_s), duration_s_(duration_s) {}

  bool on() const { return !pool_of_.empty(); }
  void on_routed(std::uint32_t node, std::uint32_t class_index) {
    ++routed_[pool_of_[node] * classes_ + class_index];
  }
  // A request routed to `node`, submitted at `submit`, completed with its answer back at `result`.
  void on_completed(std::uint32_t node, double submit, double result) {
    if (submit < warmup_s_ || submit >= duration_s_) return;  // the measured span, as summary.json's latency
    const std::uint32_t p = pool_of_[node];
    ++completed_[p];
    latency_[p].add(result - submit);
  }

  std::uint64_t routed(std::uint32_t pool, std::uint32_t class_index) const { return routed_[pool * classes_ + class_index]; }
  std::uint64_t completed(std::uint32_t pool) const { return completed_[pool]; }
  const analysis::Histogram& latency(std::uint32_t pool) const { return latency_[pool]; }
  std::uint32_t pool_of(std::uint32_t node) const { return pool_of_[node]; }

private:
  std::vector<std::uint32_t> pool_of_;
  std::size_t classes_ = 0;
  std::vector<std::uint64_t> routed_;     // pool * classes + class
  std::vector<std::uint64_t> completed_;  // measured
  std::vector<analysis::Histogram> latency_;
  double warmup_s_ = 0, duration_s_ = 0;
};

}  // namespace opgsim::engine
