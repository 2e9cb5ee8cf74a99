// The `measured` step-time model: the time of one continuous-batching iteration on one GPU
// (tensor parallelism 1), summed from per-operator kernel times that Microsoft Vidur profiled on
// real GPUs (a derived KernelTable), instead of the roofline of step_time.hpp. Pure: no SimGrid.
//
//   t = cpu + linear + attention + lm_head
//   linear    = layers * per_layer(T) + per_iteration(T)          T = prompt tokens + decode seqs,
//                                                                  piecewise linear in T
//   attention = layers * ( max(floor, intercept + per_kv_token * C)        C = decode context sum
//                        + Σ_chunks base(chunk) + per_kv(chunk) * prior )  piecewise linear in chunk
//   lm_head   = max(V * h * 2 B / weight_bandwidth, 2 * n * h * V / matmul_flops)
//               for the n sequences that sample a token (decoding ones and prefilling ones), never
//               per prompt token; the profiles do not time the LM head, so it is the roofline
//               with the achieved bandwidth and throughput the profiled MLP matmuls reached
//   cpu       = cpu_overhead + per_sequence_overhead * seqs   (host-side scheduling; the kernel
//               profiles exclude it, so it is a separate parameter that needs its own source)
//
// The prefilling chunks of one iteration are taken as equal: chunk = prompt tokens / prefill
// seqs, prior = prior context / prefill seqs (what Batch records). The decode part is two lines
// in C, so decode_lines() plugs into the batching server's closed-form advance.
#pragma once

#include <cstdint>
#include <string>

#include "models/gpu/kernel_table.hpp"
#include "models/gpu/step_time.hpp"

namespace opgsim::gpu {

struct MeasuredParams {
  double cpu_overhead_s = 0;           // per iteration
  double per_sequence_overhead_s = 0;  // per sequence per iteration
  bool lm_head = true;                 // add the LM head of each sampling sequence
  // Add the profiled KV-cache write. Off by default: in the FlashInfer profile it takes 0.15 ms
  // per layer for a 512-token chunk (about 100x its memory traffic) and grows with the chunk like
  // host-side work, and the flash-attention profiles of the same repository have no such operator.
  bool kv_cache_save = false;
};

struct MeasuredCost {
  double cpu_s = 0;
  double linear_s = 0;
  double attention_s = 0;
  double lm_head_s = 0;
  double kernels_s() const { return linear_s + attention_s + lm_head_s; }
  double total() const { return cpu_s + kernels_s(); }
};

class MeasuredStepModel {
public:
  // Throws InputError when a parameter is negative or not finite.
  explicit MeasuredStepModel(KernelTable table, MeasuredParams params = {});

  MeasuredCost cost(const Batch& b) const;
  double time(const Batch& b) const { return cost(b).total(); }
  // fixed_s(d) + max(compute line, memory line) in the total decode context C; exact for a
  // decode-only iteration of d sequences.
  DecodeLines decode_lines(double decode_seqs) const;

  // Components, in seconds, over all layers.
  double linear_s(double tokens) const;
  double decode_attention_s(double seqs, double total_context) const;
  double prefill_attention_s(double chunk, double prior) const;  // one chunk
  double lm_head_s(double sampling_seqs) const;

  const KernelTable& table() const { return table_; }
  const MeasuredParams& params() const { return params_; }

private:
  KernelTable table_;
  MeasuredParams params_;
};

// The model for a catalog GPU and model from its shipped table (default_kernel_table_path) or
// from `table_path` when given; throws InputError when the table is missing or names another
// GPU or model. Tables hold tensor parallelism 1 only, so tp > 1 is refused too.
MeasuredStepModel load_measured_step_model(const std::string& gpu, const std::string& model, std::uint32_t tp,
                                           const MeasuredParams& params = {}, const std::string& table_path = "");

}  // namespace opgsim::gpu
