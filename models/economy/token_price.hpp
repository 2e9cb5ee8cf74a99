// The OPG/USD price as an exogenous path in time: the usage fee converts USD list prices to OPG
// at this price (notes §1.2 item 3 and 5: tee-gateway reads a live OPG/USD feed).
//
// The path is a constant or a piecewise-linear series, multiplied by any shocks that have
// happened so far, and held above an optional floor.
#pragma once

#include <vector>

#include "models/economy/market.hpp"

namespace opgsim::economy {

struct TokenPriceConfig {
  double initial_usd = 0.10;  // assumption: no reliable market price in the notes
  struct Point {
    double time_s, usd;
  };
  // if non-empty: linear interpolation between points, flat before the first / after the last
  // (replaces initial_usd); assumption: empty
  std::vector<Point> series;
  struct Shock {
    double time_s, factor;
  };
  std::vector<Shock> shocks;  // from time_s on the path is multiplied by factor (> 0); shocks compound; assumption: none
  double floor_usd = 0;       // the price never goes below (e.g. a treasury buyback floor); assumption: none
  MarketConfig market;        // exogenous (this path) or amm (a pool fed by the run's flows; shocks on top)
  // Throws InputError "<prefix>.<key>: <rule>, got <value>": times finite and non-decreasing,
  // prices > 0, factors > 0, floor >= 0 (all finite); with the amm market no series and no floor
  // (the pool sets the path), both pool reserves > 0.
  void validate(const char* prefix) const;
};

// The price at time t (> 0 for a validated config). Two series points at the same time make a
// step: from that time on the later point holds.
double price_at(const TokenPriceConfig& cfg, double t);

}  // namespace opgsim::economy
