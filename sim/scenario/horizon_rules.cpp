// What the long-horizon mode refuses (the `horizon` block's cross-field rules): one line naming
// the file and the JSON path, as every scenario rule.
#include <fmt/format.h>

#include "sim/config/validate.hpp"
#include "sim/scenario/scenario_limits.hpp"
#include "sim/scenario/scenario_rules.hpp"

namespace opgsim {

using config::Path;
using nlohmann::json;
using limits::kMaxDurationS;

void horizon_rules(const json& doc, const config::Origins& origins) {
  if (!doc.contains("horizon")) return;
  const json& h = doc["horizon"];
  const Path at = Path().key("horizon");
  if (h.contains("days") == h.contains("months"))
    config::fail_at(origins, at, "give the horizon's length as exactly one of days and months");
  const double length_s = h.contains("days") ? h["days"].get<double>() * 86400 : h["months"].get<double>() * 2629800;
  if (length_s > kMaxDurationS)
    config::fail_at(origins, at.key(h.contains("days") ? "days" : "months"),
                    fmt::format("the horizon may last at most {} s, got {} s", kMaxDurationS, length_s));
  if (!doc["economy"]["enabled"].get<bool>())
    config::fail_at(origins, Path().key("economy").key("enabled"), "the long-horizon mode steps the economy: set it to true");
  if (doc["workload"]["arrivals"]["type"] != "users")
    config::fail_at(origins, Path().key("workload").key("arrivals").key("type"),
                    "the long-horizon mode takes its request rate from the economy's users: set it to users");
  if (doc["economy"]["epoch_s"].get<double>() != h["period_s"].get<double>())
    config::fail_at(origins, Path().key("economy").key("epoch_s"),
                    fmt::format("the long-horizon mode steps the economy once a period: set it to horizon.period_s ({})",
                                h["period_s"].get<double>()));
  if (!doc["faults"]["processes"].empty())
    config::fail_at(origins, Path().key("faults").key("processes"),
                    "random fault processes are not supported by the long-horizon mode: list the faults as events");
  if (doc["roles"]["inference"].contains("pools"))
    config::fail_at(origins, Path().key("roles").key("inference").key("pools"),
                    "inference pools are not supported by the long-horizon mode (a period's active operators are "
                    "counted per role, not per pool)");
}

}  // namespace opgsim
