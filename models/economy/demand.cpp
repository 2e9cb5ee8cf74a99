// Closed forms of demand and retention (see demand.hpp).
#include "models/economy/demand.hpp"

#include <cmath>

namespace opgsim::economy {

double demand_factor(double price_usd, double reference_usd, double elasticity) {
  if (!(reference_usd > 0) || !(price_usd > 0)) return 1.0;
  return std::pow(price_usd / reference_usd, -elasticity);
}

double retained_share(double retention_per_day, double dt_s) {
  return std::pow(retention_per_day, dt_s / 86400.0);
}

double per_day_retention(double share, double days) { return std::pow(share, 1.0 / days); }

}  // namespace opgsim::economy
