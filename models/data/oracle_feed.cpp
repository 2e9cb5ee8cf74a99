// Pull latency and the lazily generated push feed (see oracle_feed.hpp).
#include "models/data/oracle_feed.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::data {

namespace {
void require(bool ok, const char* prefix, const char* field, const char* what, double v) {
  if (!ok || !std::isfinite(v)) throw InputError(fmt::format("{}.{}: must be {}, got {}", prefix, field, what, v));
}
}  // namespace

void PullConfig::validate(const char* prefix) const {
  require(median_s > 0, prefix, "median_s", "> 0", median_s);
  require(sigma >= 0, prefix, "sigma", ">= 0", sigma);
}

double fetch_latency(const PullConfig& cfg, Rng& rng) { return rng.lognormal(std::log(cfg.median_s), cfg.sigma); }

void PushConfig::validate(const char* prefix) const {
  require(heartbeat_s > 0, prefix, "heartbeat_s", "> 0", heartbeat_s);
  require(deviation > 0, prefix, "deviation", "> 0 (a fraction: 0.005 = 0.5 %)", deviation);
  require(landing_delay_s >= 0, prefix, "landing_delay_s", ">= 0", landing_delay_s);
  require(walk.initial_value > 0, prefix, "walk.initial_value", "> 0", walk.initial_value);
  require(walk.volatility_per_sqrt_s >= 0, prefix, "walk.volatility_per_sqrt_s", ">= 0", walk.volatility_per_sqrt_s);
  require(walk.step_s > 0, prefix, "walk.step_s", "> 0", walk.step_s);
}

PushFeed::PushFeed(PushConfig cfg, Rng rng) : cfg_(cfg), rng_(rng) {
  cfg_.validate();
  value_ = last_value_ = cfg_.walk.initial_value;
  pubs_.push_back(Publication{0, 0.0, 0.0, value_, Publication::Trigger::Initial});
}

void PushFeed::walk_to(double t) {
  const double sigma = cfg_.walk.volatility_per_sqrt_s;
  for (;;) {
    const double next_grid = static_cast<double>(grid_k_ + 1) * cfg_.walk.step_s;
    const double next_beat = last_produced_ + cfg_.heartbeat_s;
    const double next = std::min(next_grid, next_beat);
    if (next > t) return;
    const double dt = next - walk_t_;
    if (dt > 0) value_ *= std::exp(-0.5 * sigma * sigma * dt + sigma * std::sqrt(dt) * rng_.normal());
    walk_t_ = next;
    if (next_grid <= next) ++grid_k_;
    Publication::Trigger trigger;
    if (next_beat <= next)
      trigger = Publication::Trigger::Heartbeat;
    else if (std::abs(value_ - last_value_) > cfg_.deviation * last_value_)
      trigger = Publication::Trigger::Deviation;
    else
      continue;
    pubs_.push_back(Publication{next_round_++, next, next + cfg_.landing_delay_s, value_, trigger});
    last_value_ = value_;
    last_produced_ = next;
  }
}

void PushFeed::forget_before(double t) {
  // Keep the newest landed publication at the front; everything behind it is in flight.
  while (pubs_.size() >= 2 && pubs_[1].landed_s <= t) pubs_.pop_front();
}

void PushFeed::advance(double t) {
  if (t < last_query_)
    throw std::logic_error(
        fmt::format("PushFeed queried at t={} after t={}: queries must not go back in time", t, last_query_));
  last_query_ = t;
  walk_to(t);
  forget_before(t);
}

const Publication& PushFeed::last_published_at(double t) {
  advance(t);
  return pubs_.front();
}

double PushFeed::true_value_at(double t) {
  advance(t);
  return value_;
}

}  // namespace opgsim::data
