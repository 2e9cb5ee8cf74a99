// Calibration profile files (see profile.hpp).
#include "models/gpu/profile.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "models/common/input_error.hpp"
#include "models/common/input_file.hpp"
#include "models/gpu/catalog.hpp"

namespace opgsim::gpu {
namespace {

using nlohmann::json;

class Reader {
public:
  Reader(const json& doc, std::string file) : doc_(doc), file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& at, const std::string& what) const {
    throw InputError(file_ + ": " + at + ": " + what);
  }
  const json& get(const json& obj, const std::string& key, const std::string& at) const {
    if (!obj.is_object() || !obj.contains(key)) fail(at.empty() ? key : at + "." + key, "missing");
    return obj[key];
  }
  std::string str(const json& obj, const std::string& key, const std::string& at = "") const {
    const json& v = get(obj, key, at);
    if (!v.is_string() || v.get<std::string>().empty()) fail(path(at, key), "expected a non-empty string, got " + v.dump());
    return v;
  }
  double num(const json& obj, const std::string& key, const std::string& at = "") const {
    const json& v = get(obj, key, at);
    if (!v.is_number() || !std::isfinite(v.get<double>())) fail(path(at, key), "expected a number, got " + v.dump());
    return v;
  }
  std::uint32_t count(const json& obj, const std::string& key, const std::string& at = "") const {
    const json& v = get(obj, key, at);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 100000000)
      fail(path(at, key), "expected a positive integer, got " + v.dump());
    return v.get<std::uint32_t>();
  }
  static std::string path(const std::string& at, const std::string& key) { return at.empty() ? key : at + "." + key; }
  const json& doc() const { return doc_; }

private:
  const json& doc_;
  std::string file_;
};

// {"type": name, param: number or boolean, ...} of a registry; absent: `fallback`.
template <class Product>
TypedSpec read_spec(const Reader& r, const json& settings, const char* key, const Registry<Product>& registry,
                    const TypedSpec& fallback) {
  if (!settings.contains(key)) return fallback;
  const std::string at = std::string("settings.") + key;
  const json& v = settings[key];
  if (!v.is_object()) r.fail(at, "expected an object {\"type\": ...}, got " + v.dump());
  TypedSpec spec{r.str(v, "type", at), {}};
  const auto* entry = find_entry(registry, spec.type);
  if (entry == nullptr) {
    std::string known;
    for (const auto& n : entry_names(registry)) known += (known.empty() ? "" : ", ") + n;
    r.fail(at + ".type", "unknown type '" + spec.type + "' (known: " + known + ")");
  }
  for (const auto& [name, value] : v.items()) {
    if (name == "type") continue;
    bool declared = false;
    for (const ParamDecl& d : entry->params) declared = declared || name == d.name;
    if (!declared) r.fail(at + "." + name, "'" + spec.type + "' has no such parameter");
    if (value.is_boolean()) spec.params.set(name, value.template get<bool>() ? 1 : 0);
    else spec.params.set(name, r.num(v, name, at));
  }
  return with_defaults(registry, spec);
}

json spec_json(const TypedSpec& spec) {
  json j = {{"type", spec.type}};
  for (const auto& [name, value] : spec.params.all()) j[name] = value;
  return j;
}

}  // namespace

Profile load_profile(const std::string& path) {
  if (!std::ifstream(path)) throw InputError(path + ": cannot open the profile file");
  const std::string text = read_input_file(path, kMaxJsonFileBytes);  // refuses devices and huge files
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999
    throw InputError(path + ": not valid JSON (" + e.what() + ")");
  }
  const Reader r(doc, path);
  if (!doc.is_object()) r.fail("(top level)", "expected an object");
  Profile p;
  p.gpu = r.str(doc, "gpu");
  p.model = r.str(doc, "model");
  p.precision = r.str(doc, "precision");
  p.gpus_per_node = r.count(doc, "gpus_per_node");
  const json& par = r.get(doc, "parameters", "");
  p.params.compute_efficiency = r.num(par, "compute_efficiency", "parameters");
  p.params.bandwidth_efficiency = r.num(par, "bandwidth_efficiency", "parameters");
  p.params.iteration_overhead_s = r.num(par, "iteration_overhead_s", "parameters");
  p.params.per_sequence_overhead_s = r.num(par, "per_sequence_overhead_s", "parameters");
  // Optional: profiles written before it was fitted have none (0).
  if (par.contains("request_overhead_s")) p.params.request_overhead_s = r.num(par, "request_overhead_s", "parameters");
  const auto unit = [](double x) { return x > 0 && x <= 1; };
  if (!unit(p.params.compute_efficiency)) r.fail("parameters.compute_efficiency", "expected a number in (0, 1]");
  if (!unit(p.params.bandwidth_efficiency)) r.fail("parameters.bandwidth_efficiency", "expected a number in (0, 1]");
  if (p.params.iteration_overhead_s < 0) r.fail("parameters.iteration_overhead_s", "expected a number >= 0");
  if (p.params.per_sequence_overhead_s < 0) r.fail("parameters.per_sequence_overhead_s", "expected a number >= 0");
  if (p.params.request_overhead_s < 0) r.fail("parameters.request_overhead_s", "expected a number >= 0");
  if (doc.contains("settings")) {
    const json& s = doc["settings"];
    p.settings.max_batch = r.count(s, "max_batch", "settings");
    p.settings.max_batched_tokens = r.count(s, "max_batched_tokens", "settings");
    p.settings.kv_block_tokens = r.count(s, "kv_block_tokens", "settings");
    p.settings.gpu_memory_utilization = r.num(s, "gpu_memory_utilization", "settings");
    const std::string kv = r.str(s, "kv_cache_dtype", "settings");
    if (kv != "auto" && kv != "fp8") r.fail("settings.kv_cache_dtype", "expected auto or fp8, got '" + kv + "'");
    p.settings.kv_cache_fp8 = kv == "fp8";
    const json& chunked = r.get(s, "chunked_prefill", "settings");
    if (!chunked.is_boolean()) r.fail("settings.chunked_prefill", "expected true or false, got " + chunked.dump());
    p.settings.chunked_prefill = chunked.get<bool>();
    p.settings.scheduler = read_spec(r, s, "scheduler", schedulers(), default_scheduler());
    p.settings.step_time = read_spec(r, s, "step_time", step_time_models(), default_step_time());
  }
  if (doc.contains("fitted_from")) p.fitted_from = r.str(doc, "fitted_from");
  if (doc.contains("rms_relative_error")) p.rms_relative_error = r.num(doc, "rms_relative_error");
  if (doc.contains("points")) {
    const json& pts = doc["points"];
    if (!pts.is_array()) r.fail("points", "expected an array");
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const std::string at = "points[" + std::to_string(i) + "]";
      ProfilePoint q;
      q.concurrency = r.count(pts[i], "concurrency", at);
      q.prompt_tokens = r.count(pts[i], "prompt_tokens", at);
      q.output_tokens = r.count(pts[i], "output_tokens", at);
      q.metric = r.str(pts[i], "metric", at);
      q.measured = r.num(pts[i], "measured", at);
      q.model = r.num(pts[i], "model", at);
      q.error_pct = r.num(pts[i], "error_pct", at);
      p.points.push_back(q);
    }
  }
  return p;
}

std::string profile_json(const Profile& p) {
  json doc = json::object();
  doc["about"] = "Calibration profile written by `opgsim calibrate`; format in results/gpu-validation/README.md.";
  doc["gpu"] = p.gpu;
  doc["model"] = p.model;
  doc["precision"] = p.precision;
  doc["gpus_per_node"] = p.gpus_per_node;
  doc["parameters"] = {{"compute_efficiency", p.params.compute_efficiency},
                       {"bandwidth_efficiency", p.params.bandwidth_efficiency},
                       {"iteration_overhead_s", p.params.iteration_overhead_s},
                       {"per_sequence_overhead_s", p.params.per_sequence_overhead_s},
                       {"request_overhead_s", p.params.request_overhead_s}};
  doc["settings"] = {{"max_batch", p.settings.max_batch},
                     {"max_batched_tokens", p.settings.max_batched_tokens},
                     {"kv_block_tokens", p.settings.kv_block_tokens},
                     {"gpu_memory_utilization", p.settings.gpu_memory_utilization},
                     {"kv_cache_dtype", p.settings.kv_cache_fp8 ? "fp8" : "auto"},
                     {"chunked_prefill", p.settings.chunked_prefill},
                     {"scheduler", spec_json(with_defaults(schedulers(), p.settings.scheduler))},
                     {"step_time", spec_json(with_defaults(step_time_models(), p.settings.step_time))}};
  doc["fitted_from"] = p.fitted_from;
  json pts = json::array();
  for (const ProfilePoint& q : p.points)
    pts.push_back({{"concurrency", q.concurrency}, {"prompt_tokens", q.prompt_tokens}, {"output_tokens", q.output_tokens},
                   {"metric", q.metric}, {"measured", q.measured}, {"model", q.model}, {"error_pct", q.error_pct}});
  doc["points"] = pts;
  doc["rms_relative_error"] = p.rms_relative_error;
  return doc.dump(2) + "\n";
}

void check_profile_matches(const Profile& p, const std::string& file, const std::string& gpu, const std::string& model,
                           const std::string& precision, std::uint32_t gpus_per_node) {
  const auto check = [&](const char* field, const std::string& want, const std::string& have) {
    if (want != have)
      throw InputError(file + ": " + field + ": profile is for '" + want + "' but the scenario uses '" + have + "'");
  };
  check("gpu", p.gpu, gpu);
  check("model", p.model, model);
  check("precision", p.precision, precision);
  check("gpus_per_node", std::to_string(p.gpus_per_node), std::to_string(gpus_per_node));
}

}  // namespace opgsim::gpu

namespace opgsim::gpu {

std::vector<std::string> shipped_profiles() {
  const std::filesystem::path dir = std::filesystem::path(resolve_catalog_path("")).parent_path() / "profiles";
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") out.push_back(e.path().lexically_normal().string());
  std::sort(out.begin(), out.end());
  return out;
}

void check_profile_engine(const Profile& p, const std::string& file, const TypedSpec& scheduler,
                          const TypedSpec& step_time) {
  const auto check = [&](const char* field, const TypedSpec& want, const TypedSpec& have) {
    if (want != have)
      throw InputError(file + ": " + field + ": profile was fitted under '" + spec_label(want) +
                       "' but the scenario uses '" + spec_label(have) + "'");
  };
  check("settings.scheduler", with_defaults(schedulers(), p.settings.scheduler), with_defaults(schedulers(), scheduler));
  check("settings.step_time", with_defaults(step_time_models(), p.settings.step_time),
        with_defaults(step_time_models(), step_time));
}

}  // namespace opgsim::gpu
