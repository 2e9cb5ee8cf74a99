// A calibration profile: the step-time parameters fitted to measurements of one setup (GPU,
// model, precision, tensor parallelism), written by `opgsim calibrate` and named by scenarios
// (`roles.inference.service.profile`). The file format is documented in
// results/gpu-validation/README.md. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/common/registry.hpp"
#include "models/gpu/scheduler.hpp"
#include "models/gpu/step_time_choice.hpp"

namespace opgsim::gpu {

// The five parameters calibration fits (see step_time.hpp for where the first four enter;
// request_overhead_s is the serving front end's time per request before admission,
// service::ServiceSpec::request_overhead_s).
struct FitParams {
  double compute_efficiency = 0.5;
  double bandwidth_efficiency = 0.8;
  double iteration_overhead_s = 0.003;
  double per_sequence_overhead_s = 0;
  double request_overhead_s = 0;
};

// The batching settings the fit simulated with, so validation reproduces it.
struct FitSettings {
  std::uint32_t max_batch = 256;
  std::uint32_t max_batched_tokens = 8192;
  std::uint32_t kv_block_tokens = 16;
  double gpu_memory_utilization = 0.9;
  bool kv_cache_fp8 = false;
  bool chunked_prefill = false;
  // The serving engine's scheduler and the step-time model the fit ran under: a profile is valid
  // under these only (check_profile_engine). Absent from older profiles: chunked and roofline,
  // what they were fitted with.
  TypedSpec scheduler = default_scheduler();
  TypedSpec step_time = default_step_time();
};

struct ProfilePoint {
  std::uint32_t concurrency = 1, prompt_tokens = 0, output_tokens = 0;
  std::string metric;  // "ttft_s" | "tpot_s"
  double measured = 0, model = 0;
  double error_pct = 0;  // 100 (model - measured) / measured
};

struct Profile {
  std::string gpu, model, precision;
  std::uint32_t gpus_per_node = 1;
  FitParams params;
  FitSettings settings;
  std::string fitted_from;  // the measurements CSV, relative to the profile file
  std::vector<ProfilePoint> points;
  double rms_relative_error = 0;
};

// Throws InputError "<file>: <json path>: <what>" for a missing file, bad JSON, a missing or
// mistyped field, or a parameter out of range.
Profile load_profile(const std::string& path);
// The JSON text of a profile (2-space indent, trailing newline).
std::string profile_json(const Profile& p);

// Throws InputError "<file>: <field>: profile is for '<profile value>' but the scenario uses
// '<value>'" for the first of gpu, model, precision, gpus_per_node that differs.
void check_profile_matches(const Profile& p, const std::string& file, const std::string& gpu,
                           const std::string& model, const std::string& precision, std::uint32_t gpus_per_node);

// The calibration profiles shipped with the build (models/gpu/profiles/*.json next to the built-in
// catalog, see resolve_catalog_path), sorted by path.
std::vector<std::string> shipped_profiles();

// Throws InputError "<file>: settings.scheduler: profile was fitted under 'vllm_v0' but the
// scenario uses 'chunked'" (the same for settings.step_time) when the scenario's scheduler or
// step-time model (parameters included, defaults filled) is not the one the profile was fitted
// under: its parameters would then be applied to a model they were not fitted for.
void check_profile_engine(const Profile& p, const std::string& file, const TypedSpec& scheduler,
                          const TypedSpec& step_time);

}  // namespace opgsim::gpu
