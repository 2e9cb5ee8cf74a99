// The GPU and model catalog (models/gpu/catalog.json): peak hardware numbers and transformer
// shapes that the step-time roofline needs, each with its source in the JSON. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace opgsim::gpu {

struct GpuSpec {
  std::string id;
  std::string name;
  double memory_bytes = 0;
  double hbm_bandwidth_bytes_per_s = 0;
  double fp16_flops = 0;  // dense tensor FLOP/s
  double bf16_flops = 0;
  double fp8_flops = 0;   // 0: no FP8 tensor cores (fp8 then means weight-only fp8, see step_time)
  std::string interconnect;
  double interconnect_bytes_per_s = 0;  // per direction, GPU to GPU (tensor-parallel all-reduce)
};

struct ModelSpec {
  std::string id;
  std::string name;
  double parameters = 0;
  std::uint32_t layers = 0;
  std::uint32_t hidden_size = 0;
  std::uint32_t intermediate_size = 0;
  std::uint32_t attention_heads = 0;
  std::uint32_t kv_heads = 0;
  std::uint32_t head_dim = 0;
  std::uint32_t vocab_size = 0;
};

class Catalog {
public:
  // Parses and validates the file; any problem throws opgsim::InputError with one line
  // "<file>: <json path>: <what is wrong>".
  static Catalog load(const std::string& path);
  // Same, from text already in memory (file is only used in messages).
  static Catalog parse(const std::string& text, const std::string& file);

  // Unknown ids throw InputError listing the known ones.
  const GpuSpec& gpu(std::string_view id) const;
  const ModelSpec& model(std::string_view id) const;
  std::vector<std::string> gpu_ids() const;    // sorted
  std::vector<std::string> model_ids() const;  // sorted
  const std::string& file() const { return file_; }

private:
  std::string file_;
  std::map<std::string, GpuSpec, std::less<>> gpus_;
  std::map<std::string, ModelSpec, std::less<>> models_;
};

// Where the built-in catalog lives: $OPGSIM_CATALOG if set, else an installed copy next to the
// binary (<prefix>/share/opgsim/gpu/catalog.json for <prefix>/bin/opgsim), else the
// OPGSIM_DEFAULT_CATALOG macro if the build defines it (the source checkout), else
// "models/gpu/catalog.json" relative to the working directory. An explicit non-empty path is
// returned unchanged.
std::string resolve_catalog_path(const std::string& explicit_path);
// The installed catalog next to the running binary, or "" when there is none.
std::string installed_catalog_path();

}  // namespace opgsim::gpu
