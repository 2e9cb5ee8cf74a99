// A calibration profile: the step-time parameters fitted to measurements of one setup (GPU,
// model, precision, tensor parallelism), written by `opgsim calibrate` and named by scenarios
// (`roles.inference.service.profile`). The file format is documented in
// results/gpu-validation/README.md. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace opgsim::gpu
