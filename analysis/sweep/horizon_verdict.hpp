// `opgsim analyze` on a long-horizon run folder (summary.json has `horizon`): its periods are not
// a load ramp (the load rises and falls with the users), so instead of a knee the verdict is the
// first period that misses the SLO, in time order: "holding: every one of N loaded periods met the SLO" or "broke in period k of n".
// No SimGrid.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace opgsim::analysis {

// True when `dir` holds a long-horizon run (its summary.json has a `horizon` block).
bool is_horizon_run(const std::filesystem::path& dir);

// The verdict text over the run's periods (timeseries.csv). Each period offers its values by
// summary-like paths: latency_s.p50, latency_s.p99, ttft_s.p99, throughput_rps, offered_rps,
// completed_fraction, operators_active, active_users. Without `slo` the rule is
// completed_fraction >= 0.99 and latency_s.p99 <= 3x the lightest loaded period's p99. A term
// whose path no period has is an InputError naming it.
std::string horizon_verdict(const std::filesystem::path& dir, const std::vector<std::string>& slo);

}  // namespace opgsim::analysis
