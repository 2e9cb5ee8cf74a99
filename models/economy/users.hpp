// Users in cohorts who come back or not.
//
// Users arrive as cohorts (the initial users, then one cohort per epoch from the growth waves) and
// send requests open loop at a fixed rate per active user. At the end of each epoch every cohort
// keeps each of its users with a probability that falls with the share of its requests that failed
// or were slow; users who do not come back are gone for good. Pure model: the caller counts each
// cohort's experience and turns request_rate() into arrivals.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/common/rng.hpp"
#include "models/economy/demand.hpp"

namespace opgsim::economy {

// `users` arrivals spread evenly over [start_s, start_s + duration_s) (all at start_s if duration 0).
struct UserWave {
  double start_s = 0;
  double duration_s = 0;
  std::uint64_t users = 0;
};

struct UserConfig {
  std::uint64_t initial_users = 1000;
  std::vector<UserWave> waves;            // growth: e.g. one hype burst, or a long steady wave
  double requests_per_user_per_s = 0.01;  // each active user's mean request rate (open loop)
  double tolerance_latency_s = 10;        // a completed request slower than this disappoints
  double return_probability = 0.98;       // per epoch, for a cohort that saw no failure and no slow request
  double failure_weight = 1.0;            // retention multiplier (1 - failure_weight * failed_share), clamped to [0, 1]
  double slow_weight = 1.0;               // and (1 - slow_weight * slow_share), clamped to [0, 1]
  // Per-day retention (when > 0 it replaces return_probability): with perfect service a share
  // retention_per_day of active users is still active a day later, whatever the epoch length; the
  // quality multipliers above scale the daily share. Users who left come back with probability
  // comeback_per_day x quality per day (quality: the whole population's multiplier over the
  // epoch), and satisfied users bring new ones: word_of_mouth_per_day x active x quality new
  // users a day, as one cohort per epoch (fractions carried over, so none is lost to rounding).
  double retention_per_day = 0;
  double comeback_per_day = 0;
  double word_of_mouth_per_day = 0;
  DemandConfig demand;  // the rate's response to the fee and to quality (the caller applies it)
  // Throws opgsim::InputError "<prefix>.<key>: must be <rule>, got <v>".
  void validate(const char* prefix = "economy.users") const;
};

// One cohort's requests in an epoch. failed: any terminal state but completed; slow: completed
// with latency > tolerance_latency_s.
struct CohortExperience {
  std::uint64_t requests = 0, failed = 0, slow = 0;
};

// A draw from Binomial(n, p) with our own generator (platform independent). Exact (inversion on
// the rarer outcome, O(n * min(p, 1-p)) <= 200 expected steps) while n*p*(1-p) <= 100; above
// that, the normal approximation round(n*p + sqrt(n*p*(1-p)) * N(0,1)) clamped to [0, n], whose
// error is negligible for retention counts of that size.
std::uint64_t binomial(std::uint64_t n, double p, Rng& rng);

class UserPopulation {
public:
  // Cohort 0 holds the initial users, created at t = 0. Validates cfg (InputError).
  UserPopulation(const UserConfig& cfg, Rng rng);

  // The waves' users arriving in [t0, t1) become one new cohort created at t0 (none if zero), active
  // as a whole from now on. Over consecutive calls whose intervals partition time, every wave adds
  // exactly its users. Meant to be called at the start of each epoch [t0, t1), before its end_epoch.
  void add_arrivals(double t0, double t1);
  // `users` new users (e.g. a grant's cohort) as one new cohort created at `now` (none if zero).
  void add_users(double now, std::uint64_t users) {
    if (users > 0) add_cohort(now, users);
  }
  // End of an epoch: each cohort's active users come back each with probability
  // p = return_probability * clamp01(1 - failure_weight * failed/requests)
  //                         * clamp01(1 - slow_weight * slow/requests)
  // (p = return_probability for a cohort with no request), one binomial draw per cohort with
  // active users and 0 < p < 1, in cohort order. experience.size() must equal cohorts().
  void end_epoch(std::span<const CohortExperience> experience);
  // The same with per-day retention (retention_per_day > 0): the epoch [now - epoch_s, now) of
  // length epoch_s > 0. Each cohort keeps its active users with probability
  // (retention_per_day * q_c)^(epoch_s / 86400), q_c its quality multiplier; each cohort's gone
  // users come back with probability 1 - (1 - comeback_per_day * Q)^(epoch_s / 86400), Q the
  // population's quality; word-of-mouth arrivals join as a new cohort created at `now`.
  void end_epoch(std::span<const CohortExperience> experience, double epoch_s, double now);
  std::uint64_t gone_users() const { return gone_; }
  std::uint64_t came_back_total() const { return came_back_; }
  std::uint64_t word_of_mouth_total() const { return word_of_mouth_; }

  double request_rate() const { return static_cast<double>(active_) * cfg_.requests_per_user_per_s; }
  std::uint64_t active_users() const { return active_; }
  std::uint64_t arrived_total() const { return arrived_; }  // initial users plus every wave arrival so far
  std::size_t cohorts() const { return cohorts_.size(); }
  std::uint64_t cohort_active(std::size_t c) const { return cohorts_.at(c).active; }
  double cohort_created_s(std::size_t c) const { return cohorts_.at(c).created_s; }
  // The cohort a new request comes from, weighted by active users: inverse CDF over the cumulative
  // counts, O(log cohorts), no allocation. Precondition active_users() > 0 (else std::logic_error).
  std::uint32_t pick_cohort(Rng& rng) const;

  const UserConfig& config() const { return cfg_; }

private:
  struct Cohort {
    double created_s;
    std::uint64_t active;
    std::uint64_t gone = 0;  // users of this cohort who left (per-day mode: may come back)
  };
  double quality(const CohortExperience& e) const;
  void add_cohort(double created_s, std::uint64_t users);
  void rebuild_cumulative();

  UserConfig cfg_;
  Rng rng_;
  std::vector<Cohort> cohorts_;
  std::vector<std::uint64_t> cumulative_;  // cumulative_[c] = active users of cohorts 0..c
  std::uint64_t active_ = 0, arrived_ = 0;
  std::uint64_t gone_ = 0, came_back_ = 0, word_of_mouth_ = 0;
  double word_of_mouth_carry_ = 0;  // fraction of a user owed by word of mouth
};

}  // namespace opgsim::economy
