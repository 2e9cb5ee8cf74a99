// A derived kernel table (models/gpu/kernels/<gpu>_<model>.json): per-operator GPU times from
// Microsoft Vidur's public profiles, reduced to what the `measured` step-time model interpolates.
// The file format and its provenance are documented in models/gpu/kernels/README.md; the tables
// are written by models/gpu/kernels/derive_kernel_table.py. Times are microseconds per layer
// unless a name says otherwise, at tensor parallelism 1. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opgsim::gpu {

// Token-proportional work (norms, projections, rotary embedding, MLP, residual adds), measured
// at a grid of token counts.
struct LinearKernels {
  std::vector<double> tokens;            // strictly increasing, >= 1
  std::vector<double> per_layer_us;      // one decoder layer
  std::vector<double> per_iteration_us;  // once per iteration (embedding lookup)
};

// Achieved matmul roofline terms (from the MLP up-projection), used for the LM head.
struct GemmRoofline {
  double weight_bytes_per_s = 0;
  double flops_per_s = 0;
};

// Decode attention of one layer over `batch` sequences of `kv` cached tokens each:
//   max(floor_us, intercept_us + per_kv_token_us * batch * kv)   (+ kv_save_us, optional)
struct DecodeAttention {
  double floor_us = 0;
  double intercept_us = 0;
  double per_kv_token_us = 0;
  double kv_save_us = 0;
};

// Prefill attention of one layer for one chunk of `chunk` tokens after `prior` cached tokens:
//   base_us(chunk) + per_kv_us(chunk) * prior   (+ kv_save_us(chunk), optional),
// each piecewise linear in chunk between the measured chunk sizes.
struct PrefillAttention {
  std::vector<double> chunk;  // strictly increasing, >= 1
  std::vector<double> base_us;
  std::vector<double> per_kv_us;
  std::vector<double> kv_save_us;
};

// A measured point kept unthinned for validation (unit tests compare the model against these).
struct LinearAnchor {
  double tokens = 0;
  double per_layer_us = 0;
  double per_iteration_us = 0;
};
struct AttentionAnchor {
  bool decode = true;  // else prefill
  double batch = 0;    // decode: sequences
  double chunk = 0;    // prefill: chunk tokens
  double kv = 0;       // decode: cached tokens per sequence; prefill: prior cached tokens
  double attention_us = 0;
  double kv_save_us = 0;
};

struct KernelTable {
  std::string file;
  std::string gpu;    // catalog GPU id
  std::string model;  // catalog model id
  std::uint32_t layers = 0;
  std::uint32_t hidden_size = 0;
  std::uint32_t vocab_size = 0;
  bool attention_measured = false;  // false: attention terms scaled from another table
  LinearKernels linear;
  GemmRoofline gemm;
  DecodeAttention decode;
  PrefillAttention prefill;
  std::vector<LinearAnchor> linear_anchors;
  std::vector<AttentionAnchor> attention_anchors;

  // Parses and validates; any problem throws opgsim::InputError "<file>: <json path>: <what>".
  static KernelTable load(const std::string& path);
  static KernelTable parse(const std::string& text, const std::string& file);
};

// kernels/<gpu>_<model>.json next to the catalog in use (resolve_catalog_path: OPGSIM_CATALOG,
// the installed copy, or the source tree) when it is there, else under the source tree the
// build knows (OPGSIM_DEFAULT_CATALOG's folder), else relative to the working directory.
std::string default_kernel_table_path(const std::string& gpu, const std::string& model);

// Piecewise-linear interpolation of ys over strictly increasing xs; outside the range the end
// segment is extended (a single point is a constant).
double interpolate(const std::vector<double>& xs, const std::vector<double>& ys, double x);

}  // namespace opgsim::gpu
