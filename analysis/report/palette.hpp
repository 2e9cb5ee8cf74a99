// The colours of `opgsim report`: one table, one line per stage and per metric, so the same
// stage or metric has the same colour in every figure of every report. A name the table does not
// list (a role's signal added later) gets a colour chosen by a hash of its name: stable too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace opgsim::analysis::report {

// "#rrggbb" of a stage ("queue"), a metric ("latency_p99", "token_price_usd") or a signal column.
std::string colour_of(std::string_view name);
// The colours of `names` as gnuplot words ("#1f77b4" "#ff7f0e" ...), in order.
std::string gp_colours(const std::vector<std::string>& names);

}  // namespace opgsim::analysis::report
