// The metric paths a user names on the command line (sweep/collect --metric, analyze and capacity
// --slo, sensitivity --outcome) checked before anything runs: a path that no run can ever write
// is a typo, and a typo must stop with one line, not turn into a silently missing column or a
// knee at the lightest load.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace opgsim::cli {

// Every path a run folder can give a curve: summary.json's declared numeric fields, the curve's
// own columns (offered_rps, throughput_rps) and the per-window signals (signals.<col>.{mean,max}).
const std::vector<std::string>& known_metric_paths();

// Throws InputError "<flag>: '<path>' is not a metric a run writes (did you mean '...'?); ..."
// unless `path` is a known metric path.
void check_metric_path(const std::string& path, std::string_view flag);
void check_metric_paths(const std::vector<std::string>& paths, std::string_view flag);
// The same for the path of each --slo term (the terms are parsed, so a malformed one is named too).
void check_slo_paths(const std::vector<std::string>& slo);

}  // namespace opgsim::cli
