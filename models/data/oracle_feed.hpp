// Outside data for requests that need it (prices, etc.), brought in by a data node in one of two
// modes (opengradient-notes.md §3e and §4 "Oracle / data nodes"):
//   - pull: the request fetches the value when it needs it; the fetch takes a lognormal latency
//     and the data is produced when the fetch completes, so its age at use is ~0;
//   - push: the data node watches a source whose true value follows a random walk and publishes
//     on-chain when the value deviates from the last published one by more than a threshold, or
//     when the heartbeat elapses; each publication lands on chain ~40 s later. A request at time
//     t uses the newest landed publication, and its freshness is t − production time.
// Pure: no SimGrid; randomness from an opgsim::Rng stream the caller derives from the seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

#include "models/common/rng.hpp"

namespace opgsim::data {

// Pull mode. ⚠ No measured data-node TLS fetch time: the notes say "assume 100–500 ms" (§4).
// Median 0.2 s and sigma 0.5 put the central 90 % of draws at 0.09–0.46 s.
struct PullConfig {
  double median_s = 0.2;
  double sigma = 0.5;   // standard deviation of ln(latency)
  void validate(const char* prefix = "data.pull") const;  // throws opgsim::InputError
};

// Fetch latency in seconds, one normal() draw per call.
double fetch_latency(const PullConfig& cfg, Rng& rng);

// The source's true value: geometric Brownian motion without drift,
//   S(t + dt) = S(t) · exp(−σ²dt/2 + σ·√dt·Z),  Z ~ N(0, 1)
// (the −σ²/2 term keeps E[S] constant). ⚠ Default σ is our assumption, not from the notes:
// ETH at ~70 %/year annualised volatility is 0.7 / √(365·86400 s) ≈ 1.25e-4 per √s, i.e. ~0.75 %
// per hour, so a 0.5 % band triggers about as often as the 1 h heartbeat.
struct WalkConfig {
  double initial_value = 1.0;
  double volatility_per_sqrt_s = 1.25e-4;
  double step_s = 1.0;  // the walk is sampled (and deviation checked) on this grid
};

// Push mode: Chainlink-style feed. Defaults are ETH/USD (§3e, §4).
struct PushConfig {
  double heartbeat_s = 3600;        // ETH/USD and BTC/USD heartbeat
  double deviation = 0.005;         // 0.5 % band (⚠ ETH/USD unconfirmed; try 0.25–2 %)
  double landing_delay_s = 40;      // heartbeat to on-chain update, "about 40 s" (§3e)
  WalkConfig walk;
  void validate(const char* prefix = "data.push") const;  // throws opgsim::InputError
};

struct Publication {
  std::uint64_t round = 0;   // 0 is the value already on chain when the run starts
  double produced_s = 0;     // when the data node observed the value
  double landed_s = 0;       // when it became readable on chain: produced_s + landing_delay_s
  double value = 0;
  enum class Trigger { Initial, Deviation, Heartbeat } trigger = Trigger::Initial;
};

// A push feed generated lazily: the walk is simulated on its grid only up to the latest time
// asked for, and only the publications still needed are kept (the newest landed one plus those
// in flight, at most landing_delay_s / step_s + 1), so memory is bounded for any run length.
// Queries must come in non-decreasing time order (the engine's clock); an earlier time throws
// std::logic_error.
//
// Round 0 is produced and landed at t = 0 with the initial value (the feed was already live when
// the run began), and the heartbeat clock starts there. Deviation is measured against the last
// produced value, also while it is in flight; heartbeat publications happen exactly
// heartbeat_s after the last production (a walk step is inserted there if it is off the grid).
class PushFeed {
public:
  PushFeed(PushConfig cfg, Rng rng);

  // The publication a request at time t reads: the newest one with landed_s <= t.
  const Publication& last_published_at(double t);
  // Age of that data at t: t − produced_s (never negative).
  double freshness_at(double t) { return t - last_published_at(t).produced_s; }
  // The source's true value at the last walk point at or before t (for staleness error).
  double true_value_at(double t);
  // Publications produced so far (including in-flight ones): for counting chain writes.
  std::uint64_t rounds_produced() const { return next_round_; }
  const PushConfig& config() const { return cfg_; }
  // Publications held in memory (the newest landed one plus those in flight).
  std::size_t retained() const { return pubs_.size(); }

private:
  void walk_to(double t);  // simulates walk steps up to and including time t
  void forget_before(double t);
  void advance(double t);  // checks the time order, then walk_to + forget_before

  PushConfig cfg_;
  Rng rng_;
  double walk_t_ = 0;           // time of the current walk point
  double value_ = 0;            // true value at walk_t_
  std::uint64_t grid_k_ = 0;    // index of the last grid point reached
  double last_value_ = 0;       // last produced value (the deviation reference)
  double last_produced_ = 0;
  std::uint64_t next_round_ = 1;
  double last_query_ = 0;
  std::deque<Publication> pubs_;  // in produced (= landed) order; front is the newest landed
};

}  // namespace opgsim::data
