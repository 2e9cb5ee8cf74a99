// The gpu variants of `opgsim capacity --band` (see capacity_band.hpp).
#include "sim/cli/capacity_band.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/common/input_error.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/kernel_table.hpp"
#include "models/gpu/profile.hpp"

namespace opgsim::cli {
namespace {

namespace fs = std::filesystem;
constexpr const char* kService = "roles.inference.service.";
constexpr double kTolerancePct = 15;

// A --set value for a registry choice, booleans as JSON booleans (the scenario schema's type).
template <class Product>
std::string set_json(const Registry<Product>& registry, const TypedSpec& spec) {
  nlohmann::json j = {{"type", spec.type}};
  const auto* e = find_entry(registry, spec.type);
  for (const auto& [name, value] : spec.params.all()) {
    bool boolean = false;
    if (e != nullptr)
      for (const ParamDecl& d : e->params) boolean = boolean || (name == d.name && d.kind == ParamDecl::Kind::Boolean);
    if (boolean) j[name] = value != 0;
    else if (std::floor(value) == value && std::abs(value) < 1e15) j[name] = static_cast<std::int64_t>(value);
    else j[name] = value;
  }
  return j.dump();
}

// The profile's precision stands in for the scenario's when they are equal, or both 16-bit with
// the same peak FLOP/s on this GPU (fp16 and bf16 on every catalog GPU): the roofline then times
// them identically.
bool same_speed(const gpu::Catalog& catalog, const std::string& gpu, const std::string& a, const std::string& b) {
  if (a == b) return true;
  const bool sixteen = (a == "fp16" || a == "bf16") && (b == "fp16" || b == "bf16");
  return sixteen && catalog.gpu(gpu).fp16_flops == catalog.gpu(gpu).bf16_flops;
}

}  // namespace

std::vector<analysis::BandVariant> gpu_band_variants(const service::ServiceSpec& spec) {
  if (spec.type != service::ServiceSpec::Type::Gpu)
    throw InputError("capacity --band: roles.inference.service.type must be gpu (the band spans GPU model profiles)");
  const gpu::Catalog catalog = gpu::Catalog::load(gpu::resolve_catalog_path(spec.catalog_file));
  std::vector<analysis::BandVariant> out;

  analysis::BandVariant given;
  given.label = fmt::format("the scenario as given: {}, {}, {}", spec.profile.empty() ? "no profile" : spec.profile,
                            spec_label(with_defaults(gpu::schedulers(), spec.scheduler)),
                            spec_label(with_defaults(gpu::step_time_models(), spec.step_time)));
  given.source = spec.profile.empty() ? "scenario defaults (not calibrated)" : spec.profile;
  given.validation = spec.profile.empty() ? "none (results/gpu-validation/table.md, default columns)" : "its profile's";
  given.in_band = !spec.profile.empty();
  out.push_back(given);

  for (const std::string& file : gpu::shipped_profiles()) {
    const gpu::Profile p = gpu::load_profile(file);
    if (p.gpu != spec.gpu || p.model != spec.model || p.gpus_per_node != spec.gpus_per_node) continue;
    if (!same_speed(catalog, spec.gpu, p.precision, spec.precision)) continue;
    int ok = 0;
    for (const gpu::ProfilePoint& q : p.points) ok += std::abs(q.error_pct) <= kTolerancePct;
    analysis::BandVariant v;
    const std::string scheduler = spec_label(with_defaults(gpu::schedulers(), p.settings.scheduler));
    v.label = fmt::format("profile {}: {}, {}{}", fs::path(file).filename().string(), scheduler,
                          spec_label(with_defaults(gpu::step_time_models(), p.settings.step_time)),
                          p.precision == spec.precision ? "" : fmt::format(" ({} for {}: same FLOP/s and bytes)",
                                                                           p.precision, spec.precision));
    v.sets = {std::string(kService) + "profile=" + fs::absolute(file).lexically_normal().string(),
              std::string(kService) + "precision=" + p.precision,
              std::string(kService) + "kv_cache_dtype=" + (p.settings.kv_cache_fp8 ? "fp8" : "auto"),
              std::string(kService) + "scheduler=" + set_json(gpu::schedulers(), p.settings.scheduler),
              std::string(kService) + "step_time=" + set_json(gpu::step_time_models(), p.settings.step_time)};
    v.validation = fmt::format("{} of {} published points within 15 %", ok, p.points.size());
    v.source = fmt::format("`models/gpu/profiles/{}`, fitted to `{}`", fs::path(file).filename().string(),
                           fs::path(p.fitted_from).filename().string());
    out.push_back(v);
  }

  const std::string table = gpu::default_kernel_table_path(spec.gpu, spec.model);
  if (spec.gpus_per_node == 1 && spec.precision != "fp8" && std::ifstream(table)) {
    analysis::BandVariant v;
    const TypedSpec measured{"measured", {}};
    v.label = fmt::format("measured kernels ({}), {}", fs::path(table).filename().string(),
                          spec_label(with_defaults(gpu::schedulers(), spec.scheduler)));
    v.sets = {std::string(kService) + "step_time=" + set_json(gpu::step_time_models(), measured)};
    v.validation = "per-iteration kernel points (results/gpu-validation/kernels.md); host time not calibrated";
    v.source = fmt::format("`models/gpu/kernels/{}`", fs::path(table).filename().string());
    v.in_band = false;
    out.push_back(v);
  }
  return out;
}

}  // namespace opgsim::cli
