// How many requests users send and how long they stay: a fee-elastic request rate and a
// retention defined per day.
//
// Demand: a user's request rate is its base rate times (price / reference price)^-elasticity, a
// constant-elasticity demand curve; the price is the USD cost of one request. The elasticity has
// no published source for decentralized inference: it is an assumption to sweep (0.5 recommended, 0 = off by default;
// the cloud-computing literature reports short-run price elasticities below 1).
// Retention: with perfect service, the share of active users still active after dt seconds is
// retention_per_day^(dt / 86400), so the same day gives the same churn whatever the epoch length
// (60 s or an hour), unlike a per-epoch probability.
#pragma once

#include <cstdint>

namespace opgsim::economy {

// The users' demand response (economy.users.demand): each epoch the request rate is the active
// users' base rate x demand_factor(USD price of a reference request, reference_usd_per_request,
// elasticity) x quality^quality_exponent, quality the population's multiplier over the last
// epoch (1 - failure_weight x failed share)(1 - slow_weight x slow share). The reference request
// is priced with the run's fee rule at the current token price (so the cap binds when OPG is
// cheap). Elasticity 0 and exponent 0 (the defaults) leave the rate as it was.
struct DemandConfig {
  double elasticity = 0;                     // assumption to sweep; recommended 0.5
  double reference_usd_per_request = 0.00065;  // 1,000 in + 200 out at GPT-5-mini's list price (notes §1.6)
  std::uint32_t reference_prompt_tokens = 1000;
  std::uint32_t reference_output_tokens = 200;
  double quality_exponent = 0;               // assumption: 0 (off); 1 makes the rate proportional to quality
};

// (price / reference)^-elasticity; 1 when reference <= 0 or price <= 0 (nothing to compare).
double demand_factor(double price_usd, double reference_usd, double elasticity);

// retention_per_day^(dt_s / 86400), for retention_per_day in [0, 1] and dt_s >= 0.
double retained_share(double retention_per_day, double dt_s);

// The per-day retention that keeps `share` of users after `days` days (share in (0, 1], days > 0):
// share^(1 / days). E.g. a one-month (30.44-day) retention of 42 % is 0.9719 per day.
double per_day_retention(double share, double days);

}  // namespace opgsim::economy
