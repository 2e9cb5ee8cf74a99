// User cohorts: wave arrivals, retention draws, request attribution (see users.hpp).
#include "models/economy/users.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::economy {

namespace {

void require(bool ok, const std::string& where, const char* rule, double v) {
  if (!ok || !std::isfinite(v)) throw InputError(fmt::format("{}: must be {}, got {}", where, rule, v));
}

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

// Users of a wave who arrived strictly before t: user k of n arrives at start + k * duration / n.
std::uint64_t arrived_before(const UserWave& w, double t) {
  if (w.users == 0 || t <= w.start_s) return 0;
  if (w.duration_s <= 0 || t >= w.start_s + w.duration_s) return w.users;
  const double n = static_cast<double>(w.users);
  const double k = std::ceil((t - w.start_s) / w.duration_s * n);  // monotone in t, so counts telescope
  return std::min(w.users, static_cast<std::uint64_t>(std::max(0.0, k)));
}

}  // namespace

void UserConfig::validate(const char* prefix) const {
  const std::string p = prefix;
  for (std::size_t i = 0; i < waves.size(); ++i) {
    const std::string w = fmt::format("{}.waves[{}]", p, i);
    require(waves[i].start_s >= 0, w + ".start_s", ">= 0", waves[i].start_s);
    require(waves[i].duration_s >= 0, w + ".duration_s", ">= 0", waves[i].duration_s);
  }
  require(requests_per_user_per_s >= 0, p + ".requests_per_user_per_s", ">= 0", requests_per_user_per_s);
  require(tolerance_latency_s > 0, p + ".tolerance_latency_s", "> 0", tolerance_latency_s);
  require(return_probability >= 0 && return_probability <= 1, p + ".return_probability", "in [0, 1]",
          return_probability);
  require(failure_weight >= 0, p + ".failure_weight", ">= 0", failure_weight);
  require(slow_weight >= 0, p + ".slow_weight", ">= 0", slow_weight);
  require(retention_per_day >= 0 && retention_per_day <= 1, p + ".retention_per_day", "in [0, 1]", retention_per_day);
  require(comeback_per_day >= 0 && comeback_per_day <= 1, p + ".comeback_per_day", "in [0, 1]", comeback_per_day);
  require(word_of_mouth_per_day >= 0 && word_of_mouth_per_day <= 10, p + ".word_of_mouth_per_day", "in [0, 10]",
          word_of_mouth_per_day);
}

std::uint64_t binomial(std::uint64_t n, double p, Rng& rng) {
  if (n == 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  const double nd = static_cast<double>(n);
  const double var = nd * p * (1 - p);
  if (var > 100) {
    const double k = std::round(nd * p + std::sqrt(var) * rng.normal());
    return static_cast<std::uint64_t>(std::clamp(k, 0.0, nd));
  }
  // Inversion (BINV, Kachitvichyanukul & Schmeiser 1988) on the rarer outcome q = min(p, 1 - p):
  // n*q <= 2 * var <= 200 steps expected, and (1-q)^n >= e^-278 stays far from underflow.
  const bool flip = p > 0.5;
  const double q = flip ? 1 - p : p;
  const double s = q / (1 - q);
  const double a = (nd + 1) * s;
  double r = std::pow(1 - q, nd);
  double u = rng.uniform01();
  std::uint64_t x = 0;
  while (u > r && x < n) {
    u -= r;
    ++x;
    r *= a / static_cast<double>(x) - s;
  }
  return flip ? n - x : x;
}

UserPopulation::UserPopulation(const UserConfig& cfg, Rng rng) : cfg_(cfg), rng_(rng) {
  cfg_.validate();
  add_cohort(0.0, cfg_.initial_users);
}

void UserPopulation::add_cohort(double created_s, std::uint64_t users) {
  cohorts_.push_back(Cohort{created_s, users});
  active_ += users;
  arrived_ += users;
  cumulative_.push_back(active_);
}

void UserPopulation::add_arrivals(double t0, double t1) {
  if (!(t1 >= t0)) throw std::invalid_argument(fmt::format("UserPopulation::add_arrivals: [{}, {}) is not an interval", t0, t1));
  std::uint64_t users = 0;
  for (const UserWave& w : cfg_.waves) users += arrived_before(w, t1) - arrived_before(w, t0);
  if (users > 0) add_cohort(t0, users);
}

void UserPopulation::end_epoch(std::span<const CohortExperience> experience) {
  if (experience.size() != cohorts_.size())
    throw std::invalid_argument(fmt::format("UserPopulation::end_epoch: experience for {} cohorts, there are {}",
                                            experience.size(), cohorts_.size()));
  for (std::size_t c = 0; c < cohorts_.size(); ++c) {
    Cohort& k = cohorts_[c];
    if (k.active == 0) continue;
    const CohortExperience& e = experience[c];
    double p = cfg_.return_probability;
    if (e.requests > 0) {
      const double req = static_cast<double>(e.requests);
      p *= clamp01(1 - cfg_.failure_weight * static_cast<double>(e.failed) / req) *
           clamp01(1 - cfg_.slow_weight * static_cast<double>(e.slow) / req);
    }
    k.active = binomial(k.active, p, rng_);
  }
  rebuild_cumulative();
}

double UserPopulation::quality(const CohortExperience& e) const {
  if (e.requests == 0) return 1.0;
  const double req = static_cast<double>(e.requests);
  return clamp01(1 - cfg_.failure_weight * static_cast<double>(e.failed) / req) *
         clamp01(1 - cfg_.slow_weight * static_cast<double>(e.slow) / req);
}

void UserPopulation::end_epoch(std::span<const CohortExperience> experience, double epoch_s, double now) {
  if (experience.size() != cohorts_.size())
    throw std::invalid_argument(fmt::format("UserPopulation::end_epoch: experience for {} cohorts, there are {}",
                                            experience.size(), cohorts_.size()));
  if (!(cfg_.retention_per_day > 0)) throw std::logic_error("UserPopulation::end_epoch(epoch_s): retention_per_day is not set");
  if (!(epoch_s > 0) || !std::isfinite(epoch_s))
    throw std::invalid_argument(fmt::format("UserPopulation::end_epoch: epoch_s must be > 0, got {}", epoch_s));
  const double days = epoch_s / 86400.0;
  CohortExperience all;
  for (const CohortExperience& e : experience) {
    all.requests += e.requests;
    all.failed += e.failed;
    all.slow += e.slow;
  }
  const double q_all = quality(all);
  const double p_back = 1 - std::pow(1 - clamp01(cfg_.comeback_per_day * q_all), days);
  const std::uint64_t active_before = active_;
  for (std::size_t c = 0; c < cohorts_.size(); ++c) {
    Cohort& k = cohorts_[c];
    const std::uint64_t back = binomial(k.gone, p_back, rng_);
    if (k.active > 0) {
      const std::uint64_t stay = binomial(k.active, std::pow(cfg_.retention_per_day * quality(experience[c]), days), rng_);
      k.gone += k.active - stay;
      gone_ += k.active - stay;
      k.active = stay;
    }
    k.gone -= back;
    gone_ -= back;
    k.active += back;
    came_back_ += back;
  }
  rebuild_cumulative();
  word_of_mouth_carry_ += cfg_.word_of_mouth_per_day * static_cast<double>(active_before) * q_all * days;
  const double whole = std::floor(word_of_mouth_carry_);
  if (whole >= 1) {
    word_of_mouth_carry_ -= whole;
    const auto users = static_cast<std::uint64_t>(whole);
    word_of_mouth_ += users;
    add_cohort(now, users);
  }
}

void UserPopulation::rebuild_cumulative() {
  std::uint64_t sum = 0;
  for (std::size_t c = 0; c < cohorts_.size(); ++c) cumulative_[c] = sum += cohorts_[c].active;
  active_ = sum;
}

std::uint32_t UserPopulation::pick_cohort(Rng& rng) const {
  if (active_ == 0) throw std::logic_error("UserPopulation::pick_cohort: no active user");
  const std::uint64_t u = rng.below(active_);
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return static_cast<std::uint32_t>(it - cumulative_.begin());
}

}  // namespace opgsim::economy
