// Loading and validating models/gpu/catalog.json. Validation is strict (unknown keys, missing
// sources, non-positive or non-integer values are errors) because a typo in a peak number
// silently skews every latency the simulator reports.
#include "models/gpu/catalog.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include <nlohmann/json.hpp>

#include "models/common/input_error.hpp"
#include "models/common/input_file.hpp"

namespace opgsim::gpu {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& what) {
  throw InputError(file + ": " + path + ": " + what);
}

struct Reader {
  const std::string& file;

  const json& object(const json& j, const std::string& path) const {
    if (!j.is_object()) fail(file, path, "expected an object");
    return j;
  }

  void only_keys(const json& j, const std::string& path, std::initializer_list<const char*> keys) const {
    for (const auto& [key, value] : j.items()) {
      bool known = false;
      for (const char* k : keys) known = known || key == k;
      if (!known) fail(file, path.empty() ? key : path + "." + key, "unknown key");
    }
  }

  std::string text(const json& j, const std::string& path, const char* key) const {
    const std::string p = path + "." + key;
    if (!j.contains(key) || !j.at(key).is_string() || j.at(key).get<std::string>().empty())
      fail(file, p, "expected a non-empty string");
    return j.at(key).get<std::string>();
  }

  // A catalog number: {"value": <positive number>, "source": "<where it comes from>"}.
  double number(const json& j, const std::string& path, const char* key) const {
    const std::string p = path + "." + key;
    if (!j.contains(key)) fail(file, p, "missing (expected {\"value\": <number>, \"source\": \"...\"})");
    const json& n = j.at(key);
    if (!n.is_object()) fail(file, p, "expected {\"value\": <number>, \"source\": \"...\"}");
    only_keys(n, p, {"value", "source"});
    if (!n.contains("value") || !n.at("value").is_number() || !(n.at("value").get<double>() > 0) ||
        !std::isfinite(n.at("value").get<double>()))
      fail(file, p, "expected a positive number");
    if (!n.contains("source") || !n.at("source").is_string() || n.at("source").get<std::string>().empty())
      fail(file, p + ".source", "expected a non-empty source string");
    return n.at("value").get<double>();
  }

  std::uint32_t count(const json& j, const std::string& path, const char* key) const {
    const double v = number(j, path, key);
    if (v != std::floor(v) || v > 4294967295.0) fail(file, path + "." + key, "expected a positive integer");
    return static_cast<std::uint32_t>(v);
  }
};

GpuSpec read_gpu(const Reader& r, const std::string& id, const json& j) {
  const std::string path = "gpus." + id;
  r.object(j, path);
  r.only_keys(j, path, {"name", "memory_bytes", "hbm_bandwidth_bytes_per_s", "fp16_flops", "bf16_flops",
                        "fp8_flops", "interconnect", "interconnect_bytes_per_s"});
  GpuSpec g;
  g.id = id;
  g.name = r.text(j, path, "name");
  g.memory_bytes = r.number(j, path, "memory_bytes");
  g.hbm_bandwidth_bytes_per_s = r.number(j, path, "hbm_bandwidth_bytes_per_s");
  g.fp16_flops = r.number(j, path, "fp16_flops");
  g.bf16_flops = r.number(j, path, "bf16_flops");
  if (j.contains("fp8_flops")) g.fp8_flops = r.number(j, path, "fp8_flops");
  g.interconnect = r.text(j, path, "interconnect");
  g.interconnect_bytes_per_s = r.number(j, path, "interconnect_bytes_per_s");
  return g;
}

ModelSpec read_model(const Reader& r, const std::string& id, const json& j) {
  const std::string path = "models." + id;
  r.object(j, path);
  r.only_keys(j, path, {"name", "parameters", "layers", "hidden_size", "intermediate_size", "attention_heads",
                        "kv_heads", "head_dim", "vocab_size"});
  ModelSpec m;
  m.id = id;
  m.name = r.text(j, path, "name");
  m.parameters = r.number(j, path, "parameters");
  m.layers = r.count(j, path, "layers");
  m.hidden_size = r.count(j, path, "hidden_size");
  m.intermediate_size = r.count(j, path, "intermediate_size");
  m.attention_heads = r.count(j, path, "attention_heads");
  m.kv_heads = r.count(j, path, "kv_heads");
  m.head_dim = r.count(j, path, "head_dim");
  m.vocab_size = r.count(j, path, "vocab_size");
  // Grouped-query attention shares each KV head among a whole number of query heads.
  if (m.kv_heads > m.attention_heads || m.attention_heads % m.kv_heads != 0)
    fail(r.file, path + ".kv_heads", "must divide attention_heads");
  return m;
}

template <class Map>
std::string known_list(const Map& m) {
  std::string s;
  for (const auto& [id, spec] : m) s += (s.empty() ? "" : ", ") + id;
  return s;
}

}  // namespace

Catalog Catalog::parse(const std::string& text, const std::string& file) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999
    throw InputError(file + ": invalid JSON: " + e.what());
  }
  const Reader r{file};
  if (!root.is_object()) throw InputError(file + ": expected a JSON object at the top level");
  r.only_keys(root, "", {"about", "gpus", "models"});
  Catalog c;
  c.file_ = file;
  for (const char* section : {"gpus", "models"}) {
    if (!root.contains(section) || !root.at(section).is_object() || root.at(section).empty())
      fail(file, section, "expected a non-empty object of entries by id");
  }
  for (const auto& [id, j] : root.at("gpus").items()) c.gpus_.emplace(id, read_gpu(r, id, j));
  for (const auto& [id, j] : root.at("models").items()) c.models_.emplace(id, read_model(r, id, j));
  return c;
}

Catalog Catalog::load(const std::string& path) {
  if (!std::ifstream(path)) throw InputError(path + ": cannot open the GPU catalog (set OPGSIM_CATALOG or catalog_file)");
  return parse(read_input_file(path, kMaxJsonFileBytes), path);  // refuses devices and huge files
}

const GpuSpec& Catalog::gpu(std::string_view id) const {
  const auto it = gpus_.find(id);
  if (it == gpus_.end())
    throw InputError(file_ + ": unknown gpu '" + std::string(id) + "' (known: " + known_list(gpus_) + ")");
  return it->second;
}

const ModelSpec& Catalog::model(std::string_view id) const {
  const auto it = models_.find(id);
  if (it == models_.end())
    throw InputError(file_ + ": unknown model '" + std::string(id) + "' (known: " + known_list(models_) + ")");
  return it->second;
}

std::vector<std::string> Catalog::gpu_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, g] : gpus_) ids.push_back(id);
  return ids;
}

std::vector<std::string> Catalog::model_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, m] : models_) ids.push_back(id);
  return ids;
}

std::string installed_catalog_path() {
  // An installed binary (cmake --install) finds its data relative to itself, so a copy of the
  // prefix on a cluster's shared file system works without the source checkout.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path catalog = exe.parent_path().parent_path() / "share" / "opgsim" / "gpu" / "catalog.json";
  return std::filesystem::exists(catalog, ec) ? catalog.string() : std::string();
}

std::string resolve_catalog_path(const std::string& explicit_path) {
  if (!explicit_path.empty()) return explicit_path;
  if (const char* env = std::getenv("OPGSIM_CATALOG"); env != nullptr && *env != '\0') return env;
  if (std::string installed = installed_catalog_path(); !installed.empty()) return installed;
#ifdef OPGSIM_DEFAULT_CATALOG
  return OPGSIM_DEFAULT_CATALOG;
#else
  return "models/gpu/catalog.json";
#endif
}

}  // namespace opgsim::gpu
