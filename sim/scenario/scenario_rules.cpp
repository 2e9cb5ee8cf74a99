// Cross-field scenario rules (see scenario_rules.hpp). Messages follow the schema validator's
// format so users cannot tell which stage caught a mistake.
#include "sim/scenario/scenario_rules.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <filesystem>
#include <set>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/economy/allocation.hpp"
#include "models/policy/router_policy.hpp"
#include "sim/config/schema.hpp"
#include "sim/config/set_override.hpp"
#include "sim/config/validate.hpp"
#include "sim/roles/inference/inference_pools.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/limit_rules.hpp"
#include "sim/scenario/model_check.hpp"
#include "sim/scenario/registry_schema.hpp"
#include "sim/scenario/scenario_convert.hpp"

namespace opgsim {
namespace {

using config::Path;
using nlohmann::json;

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

std::vector<std::string> region_names(const json& doc, const config::Origins& origins) {
  std::vector<std::string> names;
  const json& regions = doc["platform"]["regions"];
  const Path at = Path().key("platform").key("regions");
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string n = regions[i]["name"];
    for (std::size_t j = 0; j < names.size(); ++j)
      if (names[j] == n)
        config::fail_at(origins, at.index(i).key("name"),
                        "duplicate region name '" + n + "' (also " + at.index(j).dotted() + ")");
    names.push_back(n);
  }
  return names;
}

void check_region(const json& name, const std::vector<std::string>& known, const config::Origins& origins,
                  const Path& at) {
  for (const auto& k : known)
    if (k == name.get<std::string>()) return;
  config::fail_at(origins, at, "unknown region '" + name.get<std::string>() + "' (known: " + join(known) + ")");
}

// A list of region names: filled with `fallback` when absent, every entry checked otherwise.
void region_list(json& obj, const std::string& key, const json& fallback, const std::vector<std::string>& known,
                 const config::Origins& origins, const Path& at) {
  if (!obj.contains(key)) {
    obj[key] = fallback;
    return;
  }
  for (std::size_t i = 0; i < obj[key].size(); ++i) check_region(obj[key][i], known, origins, at.key(key).index(i));
}

// min <= max for uniform and lognormal token distributions.
void token_bounds(const json& dist, const config::Origins& origins, const Path& at) {
  if (!dist.contains("min") || !dist.contains("max")) return;
  const double lo = dist["min"].get<double>(), hi = dist["max"].get<double>();
  if (hi < lo)
    config::fail_at(origins, at.key("max"),
                    "expected an integer >= min (" + config::format_number(lo) + "), got " + dist["max"].dump());
}

void phases(const json& arrivals, const config::Origins& origins, const Path& at) {
  const json& list = arrivals["phases"];
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& p = list[i];
    const Path pat = at.key("phases").index(i);
    const bool rate = p.contains("rate_rps"), from = p.contains("from_rps"), to = p.contains("to_rps");
    if (rate && (from || to))
      config::fail_at(origins, pat, "give either rate_rps or from_rps and to_rps, not both");
    if (!rate && !from && !to) config::fail_at(origins, pat, "missing rate_rps (or from_rps and to_rps)");
    if (from != to) config::fail_at(origins, pat, std::string(from ? "from_rps needs to_rps" : "to_rps needs from_rps"));
  }
}


// Class names are unique; what a class needs of each role (a verifier for a proven class, ...) is
// that role's class rule (sim/roles/<role>/<role>_schema.cpp).
void classes(json& list, const json& doc, const config::Origins& origins, const Path& at) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string n = list[i]["name"];
    if (!seen.insert(n).second)
      config::fail_at(origins, at.index(i).key("name"), "duplicate class name '" + n + "'");
    for (const NodeRole& role : node_roles())
      if (role.class_rules != nullptr) role.class_rules(list[i], doc, origins, at.index(i));
  }
}

// A grant's only effect is the users it brings (a new cohort after the lag): without users
// arrivals there is no population to add them to, so the fund's grants and a treasury_spend
// proposal would pay builders for nothing. Refused rather than silently ignored.
void grants_need_users(const json& doc, const config::Origins& origins) {
  if (doc["workload"]["arrivals"]["type"] == "users") return;
  const json& e = doc["economy"];
  const Path at = Path().key("economy");
  const std::string why = "grants bring users: they need workload.arrivals.type users";
  if (e["fund"]["enabled"].get<bool>() && e["fund"]["grant_usd_per_day"].get<double>() > 0)
    config::fail_at(origins, at.key("fund").key("grant_usd_per_day"), why);
  if (!e["governance"]["enabled"].get<bool>()) return;
  const json& proposers = e["governance"]["proposers"];
  for (std::size_t i = 0; i < proposers.size(); ++i)
    if (proposers[i]["type"] == "treasury_spend")
      config::fail_at(origins, at.key("governance").key("proposers").index(i).key("type"), why);
}

// The economy: users arrivals need it; with it on, fee shares sum to 1 and the models' own
// checks pass (price series in time order, ...).
void economy_rules(json& doc, const config::Origins& origins) {
  const json& e = doc["economy"];
  const Path at = Path().key("economy");
  if (doc["workload"]["arrivals"]["type"] == "users" && !e["enabled"].get<bool>())
    config::fail_at(origins, Path().key("workload").key("arrivals").key("type"),
                    "users arrivals come from the economy's user population: set economy.enabled to true");
  if (!e["enabled"].get<bool>()) return;
  grants_need_users(doc, origins);
  const json& shares = e["fees"]["shares"];
  double sum = 0;
  for (const auto& [name, v] : shares.items()) sum += v.get<double>();
  if (std::abs(sum - 1) > 1e-9)
    config::fail_at(origins, at.key("fees").key("shares"),
                    "the shares must sum to 1, got " + fmt::format("{:.6g}", sum));
  const EconomySpec spec = to_economy(e, origins);
  if (spec.fees.shares.operator_bps + spec.fees.shares.verifier_bps + spec.fees.shares.validators_bps +
          spec.fees.shares.treasury_bps + spec.fees.shares.burn_bps + spec.fees.shares.prover_bps !=
      10000)
    config::fail_at(origins, at.key("fees").key("shares"), "give each share with at most 4 decimals (basis points)");
  if (!spec.allocation.empty()) {
    try {
      economy::Allocation check(economy::opg_to_units(spec.initial_supply_opg), spec.allocation);
    } catch (const InputError& err) {
      // "economy.allocation[i].key: what" or "economy.allocation: what", reported at that path.
      std::string msg = err.what();
      Path path = at.key("allocation");
      const std::string prefix = "economy.allocation";
      if (msg.rfind(prefix, 0) == 0) {
        msg.erase(0, prefix.size());
        if (msg.size() > 1 && msg[0] == '[') {
          const std::size_t close = msg.find(']');
          path = path.index(std::stoul(msg.substr(1, close - 1)));
          msg.erase(0, close + 1);
          const std::size_t colon = msg.find(": ");
          if (!msg.empty() && msg[0] == '.' && colon != std::string::npos) {
            path = path.key(msg.substr(1, colon - 1));
            msg.erase(0, colon);
          }
        }
        if (msg.rfind(": ", 0) == 0) msg.erase(0, 2);
      }
      config::fail_at(origins, path, msg);
    }
  }
  model_check([&] { spec.price.validate("economy.price"); }, "economy.price.", at.key("price"), {}, origins);
  model_check([&] { spec.users.validate("economy.users"); }, "economy.users.", at.key("users"), {}, origins);
  // The amm pool's OPG seed comes at genesis out of the liquidity bucket's TGE unlock when the
  // allocation has one, else out of the treasury.
  if (spec.price.market.type == economy::MarketConfig::Type::Amm) {
    const double seed = spec.price.market.opg;
    const economy::Amount supply = economy::opg_to_units(spec.initial_supply_opg);
    const Path opg = at.key("price").key("market").key("opg");
    if (!spec.allocation.empty()) {
      const economy::Allocation allocation(supply, spec.allocation);
      const std::ptrdiff_t liquidity = allocation.find(economy::BucketPurpose::Liquidity);
      if (liquidity >= 0) {
        const economy::Amount tge = allocation.unlocked(static_cast<std::size_t>(liquidity), 0);
        if (economy::opg_to_units(seed) > tge)
          config::fail_at(origins, opg,
                          "the pool is seeded from the liquidity bucket's TGE unlock (" +
                              config::format_number(economy::units_to_opg(tge)) + " OPG): got " +
                              config::format_number(seed));
      }
    }
    if (seed >= spec.initial_supply_opg)
      config::fail_at(origins, opg,
                      "the pool is seeded at genesis: must be below initial_supply_opg (" +
                          config::format_number(spec.initial_supply_opg) + "), got " + config::format_number(seed));
  }
  // The per-day rule is the default. A return_probability that a file or --set wrote asks for the
  // per-epoch rule instead: retention_per_day is then 0, unless it was written too (> 0), which
  // is an error (one of the two would be silently ignored). Written values have an origin at
  // their own path; defaults filled in by the schema have none.
  json& users = doc["economy"]["users"];
  const config::Path probability = at.key("users").key("return_probability");
  const bool probability_given = origins.entries().count(probability.pointer()) > 0;
  const bool retention_given = origins.entries().count(at.key("users").key("retention_per_day").pointer()) > 0;
  if (probability_given && !retention_given) users["retention_per_day"] = 0.0;
  if (users["retention_per_day"].get<double>() > 0 && probability_given)
    config::fail_at(origins, probability,
                    "per epoch, replaced by retention_per_day (> 0): give one or the other (null removes an "
                    "inherited one)");
  if (users["retention_per_day"].get<double>() == 0)
    for (const char* k : {"comeback_per_day", "word_of_mouth_per_day"})
      if (users[k].get<double>() > 0)
        config::fail_at(origins, at.key("users").key(k), "needs retention_per_day > 0 (the per-day rule)");
  if (e["operator_stake_opg"].get<double>() < e["min_stake_opg"].get<double>())
    config::fail_at(origins, at.key("operator_stake_opg"),
                    "below min_stake_opg (" + config::format_number(e["min_stake_opg"].get<double>()) +
                        "): no operator could serve");
}

// The name is the default output folder (results/runs/<name>): one plain folder name.
void scenario_name(const std::string& name, const config::Origins& origins) {
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (name == "." || name == ".." || name.find('/') != std::string::npos || control)
    config::fail_at(origins, Path().key("name"),
                    "expected a folder name (no '/', no control characters, not . or ..), got " +
                        config::shown(json(name)));
}

bool is_region_kind(const std::string& kind) { return kind == "region_cut" || kind == "region_restore"; }

// slow_start / slow: a slowdown >= 1; malicious_start / malicious: an invalid fraction in (0, 1].
void fault_factor(const json& item, const std::string& slow, const std::string& malicious,
                  const config::Origins& origins, const Path& at) {
  const std::string kind = item["kind"];
  const double factor = item["factor"];
  if (kind == slow && factor < 1)
    config::fail_at(origins, at.key("factor"),
                    "expected a slowdown >= 1 for " + kind + ", got " + item["factor"].dump());
  if (kind == malicious && factor > 1)
    config::fail_at(origins, at.key("factor"),
                    "expected an invalid fraction > 0 and <= 1 for " + kind + ", got " + item["factor"].dump());
}

void fault_events(const json& doc, const std::vector<std::string>& regions, const config::Origins& origins,
                  const Path& at) {
  const json& events = doc["faults"]["events"];
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json& e = events[i];
    const Path eat = at.index(i);
    const std::string kind = e["kind"];
    if (kind == "payment_chain_down" || kind == "payment_chain_up") {
      for (const char* key : {"region", "index"})
        if (e.contains(key))
          config::fail_at(origins, eat.key(key), "not used by " + kind + " (it targets the payment chain)");
      if (!doc["economy"]["enabled"].get<bool>() || doc["economy"]["payments"]["type"] != "x402")
        config::fail_at(origins, eat.key("kind"), kind + " needs economy.enabled and economy.payments.type x402");
      continue;
    }
    if (is_region_kind(kind)) {
      if (!e.contains("region")) config::fail_at(origins, eat.key("region"), "required for " + kind);
      if (e.contains("index"))
        config::fail_at(origins, eat.key("index"), "not used by " + kind + " (it targets a whole region)");
      check_region(e["region"], regions, origins, eat.key("region"));
      continue;
    }
    if (e.contains("region"))
      config::fail_at(origins, eat.key("region"),
                      "only region_cut and region_restore take a region (" + kind + " targets a node: role and index)");
    if (!e.contains("index")) config::fail_at(origins, eat.key("index"), "required for " + kind);
    const std::string role = e["role"];
    if ((kind == "malicious_start" || kind == "malicious_end") && !find_node_role(role)->can_be_malicious)
      config::fail_at(origins, eat.key("role"),
                      "only " + malicious_role_names() + " nodes can be malicious, got '" + role + "'");
    const auto nodes = doc["roles"][role]["count"].get<std::uint64_t>();
    if (e["index"].get<std::uint64_t>() >= nodes)
      config::fail_at(origins, eat.key("index"),
                      "no " + role + " node " + e["index"].dump() + " (roles." + role + ".count is " +
                          std::to_string(nodes) + ")");
    fault_factor(e, "slow_start", "malicious_start", origins, eat);
  }
}

void fault_processes(const json& doc, const std::vector<std::string>& regions, const config::Origins& origins,
                     const Path& at) {
  const json& processes = doc["faults"]["processes"];
  for (std::size_t i = 0; i < processes.size(); ++i) {
    const json& p = processes[i];
    const Path pat = at.index(i);
    const std::string kind = p["kind"];
    if (p.contains("region")) check_region(p["region"], regions, origins, pat.key("region"));
    if (p.contains("role") && kind == "region_cut")
      config::fail_at(origins, pat.key("role"), "not used by region_cut (it cuts regions: choose one with region)");
    if (p.contains("role") && kind == "malicious" && !find_node_role(p["role"].get<std::string>())->can_be_malicious)
      config::fail_at(origins, pat.key("role"),
                      "only " + malicious_role_names() + " nodes can be malicious, got " + config::shown(p["role"], true));
    fault_factor(p, "slow", "malicious", origins, pat);
  }
}

}  // namespace

// A file named in the scenario is relative to the scenario file that named it, so a base file
// and its trace can move together; a path given with --set is relative to the working folder.
void resolve_scenario_file(json& value, const config::Origins& origins, const Path& at) {
  namespace fs = std::filesystem;
  const std::string f = value.get<std::string>();
  if (f.empty() || fs::path(f).is_absolute()) return;
  const std::string source = origins.of(at);
  if (source == config::kSetOrigin) return;
  value = (fs::path(source).parent_path() / f).lexically_normal().string();
}

void apply_scenario_rules(json& doc, const config::Origins& origins, const std::string& default_name) {
  if (!doc.contains("name")) doc["name"] = default_name;
  scenario_name(doc["name"].get<std::string>(), origins);
  doc.erase("extends");  // followed while loading; kept out of the scenario as run

  if (doc["warmup_s"].get<double>() >= doc["duration_s"].get<double>())
    config::fail_at(origins, Path().key("warmup_s"),
                    "expected a number < duration_s (" + config::format_number(doc["duration_s"].get<double>()) +
                        "), got " + doc["warmup_s"].dump());

  // Inference pools set the role's node count, which the size limits need.
  expand_inference_pools(doc, origins);
  // Sizes first: the rules below build model objects whose size the limits keep in bounds.
  apply_limit_rules(doc, origins);

  const std::vector<std::string> regions = region_names(doc, origins);
  const Path roles = Path().key("roles");
  for (const NodeRole& role : node_roles()) {
    const std::string name(role.name);
    region_list(doc["roles"][name], "regions", regions, regions, origins, roles.key(name));
  }
  region_list(doc["roles"]["client"], "regions", json::array({regions.front()}), regions, origins, roles.key("client"));

  json& router = doc["router"];
  if (!router.contains("region")) router["region"] = regions.front();
  else check_region(router["region"], regions, origins, Path().key("router").key("region"));
  // Asked of the policy itself, so a new queueing policy needs no rule of its own.
  if (policy::make_router_policy(typed_spec(router["policy"], policy::router_policies(), config::ReadAt{origins, Path().key("router").key("policy")}))->queues_centrally() &&
      router["placement"] != "gateway")
    config::fail_at(origins, Path().key("router").key("placement"),
                    router["policy"]["type"].get<std::string>() +
                        " needs placement 'gateway' (its queue lives at the router host), got " +
                        config::shown(router["placement"], true));

  // Each role's own rules, declared next to its schema (sim/roles/<role>/<role>_schema.cpp).
  for (const NodeRole& role : node_roles()) {
    const std::string name(role.name);
    if (role.rules != nullptr) role.rules(doc["roles"][name], doc, origins, roles.key(name));
  }
  economy_rules(doc, origins);
  horizon_rules(doc, origins);

  json& workload = doc["workload"];
  const Path w = Path().key("workload");
  json& arrivals = workload["arrivals"];
  if (arrivals["type"] == "phases") phases(arrivals, origins, w.key("arrivals"));
  if (arrivals["type"] == "trace") resolve_scenario_file(arrivals["file"], origins, w.key("arrivals").key("file"));
  token_bounds(workload["prompt_tokens"], origins, w.key("prompt_tokens"));
  token_bounds(workload["output_tokens"], origins, w.key("output_tokens"));
  classes(workload["classes"], doc, origins, w.key("classes"));

  const Path f = Path().key("faults");
  fault_events(doc, regions, origins, f.key("events"));
  fault_processes(doc, regions, origins, f.key("processes"));
}

}  // namespace opgsim
