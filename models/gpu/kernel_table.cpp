// Loading and validating a derived kernel table (see kernel_table.hpp). Validation is strict on
// what the model reads (grids increasing, times positive and finite, equal lengths) because a
// broken table would silently skew every iteration time; extra keys (provenance, fit
// diagnostics) are allowed since the derivation script records them for readers.
#include "models/gpu/kernel_table.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "models/common/input_error.hpp"
#include "models/common/input_file.hpp"
#include "models/gpu/catalog.hpp"

namespace opgsim::gpu {
namespace {

using nlohmann::json;

struct Reader {
  const std::string& file;

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw InputError(file + ": " + path + ": " + what);
  }

  const json& member(const json& j, const std::string& path, const char* key) const {
    if (!j.is_object() || !j.contains(key)) fail(path + "." + key, "missing");
    return j.at(key);
  }

  // A finite number >= 0 (> 0 when `positive`).
  double number(const json& j, const std::string& path, const char* key, bool positive = false) const {
    const json& n = member(j, path, key);
    if (!n.is_number()) fail(path + "." + key, "expected a number");
    const double v = n.get<double>();
    if (!std::isfinite(v) || v < 0 || (positive && v == 0))
      fail(path + "." + key, positive ? "expected a positive number" : "expected a number >= 0");
    return v;
  }

  std::vector<double> numbers(const json& j, const std::string& path, const char* key) const {
    const json& a = member(j, path, key);
    if (!a.is_array() || a.empty()) fail(path + "." + key, "expected a non-empty array of numbers");
    std::vector<double> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_number() || !std::isfinite(a[i].get<double>()))
        fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a number");
      out.push_back(a[i].get<double>());
    }
    return out;
  }

  // An interpolation grid: strictly increasing and >= 1.
  std::vector<double> grid(const json& j, const std::string& path, const char* key) const {
    std::vector<double> xs = numbers(j, path, key);
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (xs[i] < 1 || (i > 0 && !(xs[i] > xs[i - 1])))
        fail(path + "." + key + "[" + std::to_string(i) + "]", "grid must be strictly increasing and >= 1");
    return xs;
  }

  // A series of `n` times (or slopes): each >= 0.
  std::vector<double> series(const json& j, const std::string& path, const char* key, std::size_t n) const {
    std::vector<double> ys = numbers(j, path, key);
    if (ys.size() != n) fail(path + "." + key, "expected " + std::to_string(n) + " values, one per grid point");
    for (std::size_t i = 0; i < n; ++i)
      if (ys[i] < 0) fail(path + "." + key + "[" + std::to_string(i) + "]", "expected a number >= 0");
    return ys;
  }
};

}  // namespace

double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double x) {
  if (xs.size() == 1) return ys[0];
  std::size_t i = 1;
  while (i + 1 < xs.size() && x > xs[i]) ++i;  // grids are short (a few hundred points at most)
  const double f = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[i - 1] + f * (ys[i] - ys[i - 1]);
}

KernelTable KernelTable::parse(const std::string& text, const std::string& file) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(file + ": invalid JSON (" + e.what() + ")");
  }
  const Reader r{file};
  if (!j.is_object()) r.fail("(root)", "expected an object");
  KernelTable t;
  t.file = file;
  const auto text_of = [&](const char* key) {
    const json& s = r.member(j, "(root)", key);
    if (!s.is_string() || s.get<std::string>().empty()) r.fail(key, "expected a non-empty string");
    return s.get<std::string>();
  };
  t.gpu = text_of("gpu");
  t.model = text_of("model");
  const double layers = r.number(j, "(root)", "layers", true);
  if (layers != std::floor(layers) || layers > 4096) r.fail("layers", "expected a positive integer");
  t.layers = static_cast<std::uint32_t>(layers);

  const json& shape = r.member(j, "(root)", "model_shape");
  t.hidden_size = static_cast<std::uint32_t>(r.number(shape, "model_shape", "hidden_size", true));
  t.vocab_size = static_cast<std::uint32_t>(r.number(shape, "model_shape", "vocab_size", true));

  const json& lin = r.member(j, "(root)", "linear");
  t.linear.tokens = r.grid(lin, "linear", "tokens");
  t.linear.per_layer_us = r.series(lin, "linear", "per_layer_us", t.linear.tokens.size());
  t.linear.per_iteration_us = r.series(lin, "linear", "per_iteration_us", t.linear.tokens.size());

  const json& gemm = r.member(j, "(root)", "gemm");
  t.gemm.weight_bytes_per_s = r.number(gemm, "gemm", "weight_bytes_per_s", true);
  t.gemm.flops_per_s = r.number(gemm, "gemm", "flops_per_s", true);

  const json& att = r.member(j, "(root)", "attention");
  const json& measured = r.member(att, "attention", "measured");
  if (!measured.is_boolean()) r.fail("attention.measured", "expected true or false");
  t.attention_measured = measured.get<bool>();
  const json& dec = r.member(att, "attention", "decode");
  t.decode.floor_us = r.number(dec, "attention.decode", "floor_us");
  t.decode.intercept_us = r.number(dec, "attention.decode", "intercept_us");
  t.decode.per_kv_token_us = r.number(dec, "attention.decode", "per_kv_token_us");
  t.decode.kv_save_us = r.number(dec, "attention.decode", "kv_save_us");
  const json& pre = r.member(att, "attention", "prefill");
  t.prefill.chunk = r.grid(pre, "attention.prefill", "chunk");
  t.prefill.base_us = r.series(pre, "attention.prefill", "base_us", t.prefill.chunk.size());
  t.prefill.per_kv_us = r.series(pre, "attention.prefill", "per_kv_us", t.prefill.chunk.size());
  t.prefill.kv_save_us = r.series(pre, "attention.prefill", "kv_save_us", t.prefill.chunk.size());

  // Anchors are optional (a table with scaled attention has no measured attention rows).
  if (j.contains("anchors")) {
    const json& an = j.at("anchors");
    if (an.contains("linear")) {
      for (const json& a : an.at("linear"))
        t.linear_anchors.push_back({r.number(a, "anchors.linear", "tokens", true),
                                    r.number(a, "anchors.linear", "per_layer_us"),
                                    r.number(a, "anchors.linear", "per_iteration_us")});
    }
    if (an.contains("attention")) {
      for (const json& a : an.at("attention")) {
        AttentionAnchor x;
        const json& kind = r.member(a, "anchors.attention", "kind");
        if (kind != "decode" && kind != "prefill") r.fail("anchors.attention.kind", "expected decode or prefill");
        x.decode = kind == "decode";
        if (x.decode) x.batch = r.number(a, "anchors.attention", "batch", true);
        else x.chunk = r.number(a, "anchors.attention", "chunk", true);
        x.kv = r.number(a, "anchors.attention", "kv");
        x.attention_us = r.number(a, "anchors.attention", "attention_us");
        x.kv_save_us = r.number(a, "anchors.attention", "kv_save_us");
        t.attention_anchors.push_back(x);
      }
    }
  }
  return t;
}

KernelTable KernelTable::load(const std::string& path) {
  if (!std::ifstream(path)) throw InputError(path + ": cannot open the kernel table");
  return parse(read_input_file(path, kMaxJsonFileBytes), path);
}

std::string default_kernel_table_path(const std::string& gpu, const std::string& model) {
  // The tables sit in kernels/ next to the catalog in use (OPGSIM_CATALOG's folder, the installed
  // share/opgsim/gpu/, or the source tree); a custom catalog folder without the table falls back
  // to the built-in one.
  const std::string name = "kernels/" + gpu + "_" + model + ".json";
  const std::filesystem::path beside = std::filesystem::path(resolve_catalog_path("")).parent_path() / name;
  std::error_code ec;
  if (std::filesystem::exists(beside, ec)) return beside.string();
#ifdef OPGSIM_DEFAULT_CATALOG
  const std::string catalog = OPGSIM_DEFAULT_CATALOG;
  return catalog.substr(0, catalog.rfind('/') + 1) + name;
#else
  return "models/gpu/" + name;
#endif
}

}  // namespace opgsim::gpu
