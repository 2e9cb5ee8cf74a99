// How many requests users send and how long they stay: a fee-elastic request rate and a
// retention defined per day.
//
// Demand: a user's request rate is its base rate times (price / reference price)^-elasticity, a
// constant-elasticity demand curve; the price is the USD cost of one request. The elasticity has
// no published source for decentralized inference: it is an assumption to sweep (0.5 by default;
// the cloud-computing literature reports short-run price elasticities below 1).
// Retention: with perfect service, the share of active users still active after dt seconds is
// retention_per_day^(dt / 86400), so the same day gives the same churn whatever the epoch length
// (60 s or an hour), unlike a per-epoch probability.
#pragma once

namespace opgsim::economy {

// (price / reference)^-elasticity; 1 when reference <= 0 or price <= 0 (nothing to compare).
double demand_factor(double price_usd, double reference_usd, double elasticity);

// retention_per_day^(dt_s / 86400), for retention_per_day in [0, 1] and dt_s >= 0.
double retained_share(double retention_per_day, double dt_s);

// The per-day retention that keeps `share` of users after `days` days (share in (0, 1], days > 0):
// share^(1 / days). E.g. a one-month (30.44-day) retention of 42 % is 0.9719 per day.
double per_day_retention(double share, double days);

}  // namespace opgsim::economy
