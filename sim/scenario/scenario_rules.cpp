// Cross-field scenario rules (see scenario_rules.hpp). Messages follow the schema validator's
// format so users cannot tell which stage caught a mistake.
#include "sim/scenario/scenario_rules.hpp"

#include <filesystem>
#include <set>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/gpu/catalog.hpp"
#include "models/proof/proof_cost.hpp"
#include "sim/config/schema.hpp"
#include "sim/scenario/scenario_convert.hpp"
#include "sim/config/set_override.hpp"
#include "sim/config/validate.hpp"

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

// A file named in the scenario is relative to the scenario file that named it, so a base file
// and its trace can move together; a path given with --set is relative to the working folder.
void resolve_file(json& value, const config::Origins& origins, const Path& at) {
  namespace fs = std::filesystem;
  const std::string f = value.get<std::string>();
  if (f.empty() || fs::path(f).is_absolute()) return;
  const std::string source = origins.of(at);
  if (source == config::kSetOrigin) return;
  value = (fs::path(source).parent_path() / f).lexically_normal().string();
}

// For zkml and zk_crv classes: fills model_parameters from the gpu catalog when left at 0, and
// refuses a model whose proof cannot be produced (a scenario error, not a silent run). The other
// modes' costs do not depend on the model's size.
void class_proofs(json& cls, const json& service, const proof::ProofConfig& costs, const config::Origins& origins,
                  const Path& at) {
  const auto mode = proof::verification_mode_from_string(cls["verification"].get<std::string>());
  if (*mode != proof::VerificationMode::Zkml && *mode != proof::VerificationMode::ZkCrv) return;
  std::string model_name = cls["name"];
  if (cls["model_parameters"].get<double>() == 0 && service["type"] == "gpu") {
    const gpu::Catalog catalog = gpu::Catalog::load(gpu::resolve_catalog_path(service["catalog"]));
    model_name = service["model"];
    cls["model_parameters"] = catalog.model(model_name).parameters;
  }
  if (cls["model_parameters"].get<double>() == 0)
    config::fail_at(origins, at.key("model_parameters"),
                    "required for " + cls["verification"].get<std::string>() + " with a non-gpu service");
  try {
    proof::check_provable(costs, *mode, cls["model_parameters"], model_name);
  } catch (const InputError& e) {
    config::fail_at(origins, at.key("verification"), e.what());
  }
}

void classes(json& list, const json& service, const proof::ProofConfig& costs, const config::Origins& origins,
             const Path& at) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string n = list[i]["name"];
    if (!seen.insert(n).second)
      config::fail_at(origins, at.index(i).key("name"), "duplicate class name '" + n + "'");
    class_proofs(list[i], service, costs, origins, at.index(i));
  }
}

}  // namespace

void apply_scenario_rules(json& doc, const config::Origins& origins, const std::string& default_name) {
  if (!doc.contains("name")) doc["name"] = default_name;
  doc.erase("extends");  // followed while loading; kept out of the scenario as run

  if (doc["warmup_s"].get<double>() >= doc["duration_s"].get<double>())
    config::fail_at(origins, Path().key("warmup_s"),
                    "expected a number < duration_s (" + config::format_number(doc["duration_s"].get<double>()) +
                        "), got " + doc["warmup_s"].dump());

  const std::vector<std::string> regions = region_names(doc, origins);
  const Path roles = Path().key("roles");
  region_list(doc["roles"]["inference"], "regions", regions, regions, origins, roles.key("inference"));
  region_list(doc["roles"]["client"], "regions", json::array({regions.front()}), regions, origins, roles.key("client"));

  json& router = doc["router"];
  if (!router.contains("region")) router["region"] = regions.front();
  else check_region(router["region"], regions, origins, Path().key("router").key("region"));
  if (router["policy"] == "central_queue" && router["placement"] != "gateway")
    config::fail_at(origins, Path().key("router").key("placement"),
                    "central_queue needs placement 'gateway' (its queue lives at the router host), got " +
                        config::shown(router["placement"], true));

  json& service = doc["roles"]["inference"]["service"];
  if (service["type"] == "gpu") {
    resolve_file(service["catalog"], origins, roles.key("inference").key("service").key("catalog"));
    resolve_file(service["profile"], origins, roles.key("inference").key("service").key("profile"));
  }

  json& workload = doc["workload"];
  const Path w = Path().key("workload");
  json& arrivals = workload["arrivals"];
  if (arrivals["type"] == "phases") phases(arrivals, origins, w.key("arrivals"));
  if (arrivals["type"] == "trace") resolve_file(arrivals["file"], origins, w.key("arrivals").key("file"));
  token_bounds(workload["prompt_tokens"], origins, w.key("prompt_tokens"));
  token_bounds(workload["output_tokens"], origins, w.key("output_tokens"));
  classes(workload["classes"], service, to_proof_config(doc["proof"]), origins, w.key("classes"));

  const json& events = doc["faults"]["events"];
  const auto nodes = doc["roles"]["inference"]["count"].get<std::uint64_t>();
  for (std::size_t i = 0; i < events.size(); ++i)
    if (events[i]["index"].get<std::uint64_t>() >= nodes)
      config::fail_at(origins, Path().key("faults").key("events").index(i).key("index"),
                      "no inference node " + events[i]["index"].dump() + " (roles.inference.count is " +
                          std::to_string(nodes) + ")");
}

}  // namespace opgsim
