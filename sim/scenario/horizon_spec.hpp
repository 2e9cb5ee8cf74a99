// A scenario's `horizon` block: when present, `opgsim run` runs the long-horizon mode
// (sim/horizon/): the economy steps in periods over days or months, each period's network
// performance measured by short request-level windows (see sim/ARCHITECTURE.md "Long horizon").
#pragma once

#include <optional>
#include <string>

namespace opgsim {

struct HorizonSpec {
  std::optional<double> days, months;  // exactly one: the horizon's length (a month is 30.4375 days)
  double period_s = 86400;              // one economy step (3600 to 86400); economy.epoch_s must equal it
  double window_s = 300;                // simulated seconds of one request-level window
  double rate_step = 0.1;               // relative spacing of the rate grid's points
  std::string cache_dir = "results/horizon-cache";  // the windows' summaries, by key
  double length_s() const { return days ? *days * 86400 : months.value_or(0) * 30.4375 * 86400; }
};

}  // namespace opgsim
