// The `horizon` block's declarations (see horizon_spec.hpp); its rules (what the long mode
// refuses) are in horizon_rules.cpp.
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_schema.hpp"

namespace opgsim {

using config::Bind;
using config::Type;

Bind<HorizonSpec> horizon_binding() {
  Bind<HorizonSpec> h(
      "The long-horizon mode: when this block is present, `opgsim run` steps the economy (users, operators, vesting, "
      "emission, governance, price) one period at a time over days or months, and takes each period's network "
      "performance from short request-level windows of the same scenario at the period's operating point (request "
      "rate on a grid, active nodes per role, faults overlapping the period), run as child processes and cached on "
      "disk. `duration_s` is replaced by the horizon's length; the windows use `warmup_s` (at most half a window) and "
      "`drain_s`. Requires the economy (`economy.epoch_s` = `period_s`) and users arrivals.");
  h.field("days", &HorizonSpec::days, Type::number().gt(0).le(10000)).optional("-").unit("days")
      .doc("The horizon's length in days (or `months`; exactly one).");
  h.field("months", &HorizonSpec::months, Type::number().gt(0).le(360)).optional("-")
      .unit("months").doc("The horizon's length in months of 30.4375 days (or `days`; exactly one).");
  h.field("period_s", &HorizonSpec::period_s, Type::number().ge(3600).le(86400)).def(86400.0).unit("s")
      .doc("One step of the economy and one timeseries.csv row: an hour (3600) to a day (86400).");
  h.field("window_s", &HorizonSpec::window_s, Type::number().ge(10).le(86400)).def(300.0).unit("s")
      .doc("Simulated length of one request-level window (poisson arrivals at the period's rate). Its p99 is an "
           "estimate from window_s x rate requests: 300 s windows put the hourly p99 about 7 % above request-level runs' "
           "(0 of 24 hours inside their 95 % interval), 3600 s windows agree (24 of 24); throughput, operators, users "
           "and fees agree at either (results/horizon-agreement/agreement.md). Use a period's length where a "
           "period's p99 matters.");
  h.field("rate_step", &HorizonSpec::rate_step, Type::number().gt(0).le(1)).def(0.1).unit("fraction")
      .doc("Relative spacing of the rate grid: windows are simulated at rates r0 (1 + rate_step)^k, r0 the first "
           "period's rate; a period between two points is interpolated between them.");
  h.field("cache_dir", &HorizonSpec::cache_dir, Type::string().non_empty()).def("results/horizon-cache")
      .doc("Where windows' summaries are kept, keyed by a hash of the window scenario (relative to the working "
           "directory); shared across runs.");
  return h;
}

}  // namespace opgsim
