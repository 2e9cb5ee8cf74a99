// Cross-field size limits (see limit_rules.hpp). Each message names the field to change and the
// largest value that fits, so a user who meets a limit knows where it is.
#include "sim/scenario/limit_rules.hpp"

#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "sim/config/schema.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/scenario_limits.hpp"

namespace opgsim {
namespace {

using config::Path;
using nlohmann::json;
using namespace limits;

std::string num(double v) { return config::format_number(v); }

double count(const json& doc, std::string_view role) { return doc["roles"][std::string(role)]["count"].get<double>(); }

// Every node and client host is one SimGrid actor with its own stack.
void actors(const json& doc, const config::Origins& origins) {
  double nodes = 0;
  for (const NodeRole& role : node_roles()) nodes += count(doc, role.name);
  const json& clients = doc["roles"]["client"];
  const double hosts = clients.contains("regions") ? static_cast<double>(clients["regions"].size()) : 1;
  if (nodes + hosts > kMaxActors)
    config::fail_at(origins, Path().key("roles"),
                    fmt::format("{} nodes and client hosts in all, more than the {} a run can hold (each is a "
                                "SimGrid actor with its own stack; at most {} per role; a run also checks what "
                                "fits this machine)",
                                num(nodes + hosts), num(kMaxActors), num(kMaxNodesPerRole)));
}

}  // namespace

// A periodic timer ticks (duration_s + drain_s) / period times.
void check_ticks(const json& doc, const config::Origins& origins, const Path& at, double period, const char* what) {
  const double horizon = doc["duration_s"].get<double>() + doc["drain_s"].get<double>();
  const double n = std::ceil(horizon / period);
  if (n > kMaxTicks)
    config::fail_at(origins, at,
                    fmt::format("{} {} over duration_s + drain_s ({} s), more than the {} a run allows; use {} >= {}",
                                num(n), what, num(horizon), num(kMaxTicks), at.segments().back().key,
                                num(horizon / kMaxTicks)));
}

namespace {

// The run's own timers, then each role's (sim/roles/<role>/<role>_schema.cpp).
void periodic_timers(const json& doc, const config::Origins& origins) {
  check_ticks(doc, origins, Path().key("output").key("window_s"), doc["output"]["window_s"], "windows");
  const json& e = doc["economy"];
  if (e["enabled"].get<bool>()) check_ticks(doc, origins, Path().key("economy").key("epoch_s"), e["epoch_s"], "epochs");
  for (const NodeRole& role : node_roles())
    if (role.limits != nullptr) role.limits(doc, origins);
}

// Random fault processes are drawn for the whole run before it starts: each selected node (or
// region) fails and recovers about (horizon - start_s) / (mttf_s + mttr_s) times.
void fault_volume(const json& doc, const config::Origins& origins) {
  const json& f = doc["faults"];
  double total = static_cast<double>(f["events"].size());
  const double horizon = doc["duration_s"].get<double>() + doc["drain_s"].get<double>();
  const json& list = f["processes"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& p = list[i];
    double targets = 0;
    if (p["kind"] == "region_cut") {
      targets = p.contains("region") ? 1 : static_cast<double>(doc["platform"]["regions"].size());
    } else if (p.contains("role")) {
      targets = count(doc, p["role"].get<std::string>());
    } else {
      for (const NodeRole& role : node_roles()) targets += count(doc, role.name);
    }
    const double span = std::max(0.0, horizon - p["start_s"].get<double>());
    const double cycle = p["mttf_s"].get<double>() + p["mttr_s"].get<double>();
    total += 2 * targets * std::ceil(span / cycle);
    if (total > kMaxFaultEvents)
      config::fail_at(origins, Path().key("faults").key("processes").index(i).key("mttf_s"),
                      fmt::format("about {} fault events over the run ({} targets, one failure and one repair "
                                  "every mttf_s + mttr_s = {} s over {} s, with those listed before), more than "
                                  "the {} a run draws up front",
                                  num(std::round(total)), num(targets), num(cycle), num(span), num(kMaxFaultEvents)));
  }
}

// Requests an open-loop process submits over duration_s (in expectation), named at its rate.
void arrival_volume(const json& doc, const config::Origins& origins) {
  const json& a = doc["workload"]["arrivals"];
  const Path at = Path().key("workload").key("arrivals");
  const double duration = doc["duration_s"].get<double>();
  const auto check = [&](double expected, const Path& where) {
    if (expected > kMaxArrivals)
      config::fail_at(origins, where,
                      fmt::format("about {} requests expected over the run, more than the {} a run allows (each "
                                  "holds memory while in flight)",
                                  num(std::round(expected)), num(kMaxArrivals)));
  };
  const std::string type = a["type"];
  if (type == "poisson") check(a["rate_rps"].get<double>() * duration, at.key("rate_rps"));
  if (type == "ramp") check((a["from_rps"].get<double>() + a["to_rps"].get<double>()) / 2 * duration, at.key("to_rps"));
  if (type == "phases") {
    double expected = 0;
    const json& phases = a["phases"];
    for (std::size_t i = 0; i < phases.size(); ++i) {
      const json& p = phases[i];
      const double rate = p.contains("rate_rps") ? p["rate_rps"].get<double>()
                          : p.contains("from_rps") && p.contains("to_rps")
                              ? (p["from_rps"].get<double>() + p["to_rps"].get<double>()) / 2
                              : 0;
      expected += rate * p["duration_s"].get<double>();
      check(expected, at.key("phases").index(i));
    }
  }
  if (type == "users" && doc["economy"]["enabled"].get<bool>()) {
    const json& u = doc["economy"]["users"];
    double users = u["initial_users"].get<double>();
    for (const json& w : u["waves"]) users += w["users"].get<double>();
    check(users * u["requests_per_user_per_s"].get<double>() * duration,
          Path().key("economy").key("users").key("requests_per_user_per_s"));
  }
}

// Amounts become int64 base units (1e9 per OPG): products must stay below kMaxOpg too.
void economy_amounts(const json& doc, const config::Origins& origins) {
  const json& e = doc["economy"];
  if (!e["enabled"].get<bool>()) return;
  const Path at = Path().key("economy");
  const json& u = e["users"];
  double users = u["initial_users"].get<double>();
  for (const json& w : u["waves"]) users += w["users"].get<double>();
  const double budget = u["budget_opg"].get<double>();
  if (budget * users > kMaxOpg)
    config::fail_at(origins, at.key("users").key("budget_opg"),
                    fmt::format("{} OPG for {} users (initial_users and waves) is {} OPG, more than the {} OPG the "
                                "ledger holds; use budget_opg <= {}",
                                num(budget), num(users), num(budget * users), num(kMaxOpg), num(std::floor(kMaxOpg / users))));
  const double rate = u["requests_per_user_per_s"].get<double>();
  if (doc["workload"]["arrivals"]["type"] == "users" && rate * users > kMaxRateRps)
    config::fail_at(origins, at.key("users").key("requests_per_user_per_s"),
                    fmt::format("{} users x {} requests/s is {} requests/s at most, more than the {} a run allows",
                                num(users), num(rate), num(rate * users), num(kMaxRateRps)));
  // Each staked role's genesis stake (sim/roles/<role>/<role>_schema.cpp), in roster order.
  double stakes = 0;
  for (const NodeRole& role : node_roles())
    if (role.genesis_stake_opg != nullptr) stakes += role.genesis_stake_opg(doc);
  const double supply = e["initial_supply_opg"].get<double>();
  if (stakes > supply)
    config::fail_at(origins, at.key("initial_supply_opg"),
                    fmt::format("expected at least the genesis stakes ({} OPG: active operators, verifiers, "
                                "validators and prover nodes times their *_stake_opg), got {}",
                                num(stakes), num(supply)));
}

}  // namespace

void apply_limit_rules(const json& doc, const config::Origins& origins) {
  actors(doc, origins);
  periodic_timers(doc, origins);
  fault_volume(doc, origins);
  economy_amounts(doc, origins);
  arrival_volume(doc, origins);
}

}  // namespace opgsim
