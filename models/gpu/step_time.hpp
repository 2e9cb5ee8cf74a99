// Time of one continuous-batching scheduler iteration on a GPU (or a tensor-parallel group),
// from first principles: a roofline over the iteration's FLOPs and bytes plus the tensor-parallel
// all-reduce and the scheduler's CPU-side overheads. Pure: no SimGrid.
//
//   t = overhead + per_seq_overhead * seqs + max(compute, memory) + allreduce
//   compute   = (2 * params * tokens + 4 * layers * heads * head_dim * attended) / (eff_c * peak * tp)
//   memory    = (weight_bytes + kv_bytes_per_token * kv_tokens_read) / (eff_b * bandwidth * tp)
//   allreduce = 2 * layers * (tokens * hidden * 2 B) * 2 (tp - 1) / tp / interconnect   (0 at tp = 1)
//
// where `seqs` counts the sequences in the iteration (prefilling and decoding) and `attended` sums, over every token computed in the iteration, the number of tokens it
// attends to (a fresh prompt of n tokens: n (n + 1) / 2; a decode token: its context length).
#pragma once

#include <cstdint>
#include <string>

#include "models/gpu/catalog.hpp"

namespace opgsim::gpu {

enum class Precision { Fp16, Bf16, Fp8 };
// "fp16" | "bf16" | "fp8"; anything else throws InputError.
Precision parse_precision(const std::string& s);
const char* to_string(Precision p);

struct StepParams {
  Precision precision = Precision::Bf16;
  std::uint32_t tp = 1;                 // tensor-parallel degree (GPUs per model replica)
  double compute_efficiency = 0.5;      // achieved / peak dense FLOP/s
  double bandwidth_efficiency = 0.8;    // achieved / peak memory bandwidth
  double overhead_s = 0.003;            // scheduler + kernel launch cost per iteration
  // CPU-side cost per sequence per iteration (scheduling, sampling, detokenizing, streaming).
  // It is what lets a roofline represent vLLM's TPOT climbing far above the memory time at
  // large batches (H100, Llama-3.1-8B: 6.5 ms at concurrency 1, 47 ms at 64).
  double per_sequence_overhead_s = 0;
  // vLLM's kv_cache_dtype "auto" keeps the KV cache in the activation dtype (16-bit) even when the
  // weights are fp8, so this does not follow `precision`.
  double kv_bytes_per_elem = 2;
};

// What one iteration processes. Chunked prefill (a later issue) only needs add_prefill with a
// non-zero prior context.
struct Batch {
  double prefill_tokens = 0;         // prompt tokens computed in this iteration
  double prefill_attended = 0;       // sum over those tokens of the tokens each attends to
  double prefill_prior_context = 0;  // KV tokens already cached that prefilling chunks read
  double prefill_seqs = 0;           // sequences prefilling (a chunk each) in this iteration
  double decode_seqs = 0;            // sequences producing one token each
  double decode_context = 0;         // sum over them of the tokens each new token attends to

  // A chunk of n prompt tokens of a sequence that already has `prior` tokens in the KV cache.
  void add_prefill(double n, double prior = 0) {
    prefill_tokens += n;
    prefill_attended += n * prior + n * (n + 1) / 2;
    prefill_prior_context += prior;
    prefill_seqs += 1;
  }
  void add_decode(double seqs, double context) {
    decode_seqs += seqs;
    decode_context += context;
  }
};

struct StepCost {
  double overhead_s = 0;  // per-iteration plus per-sequence overhead
  double compute_s = 0;
  double memory_s = 0;
  double allreduce_s = 0;
  double total() const { return overhead_s + (compute_s > memory_s ? compute_s : memory_s) + allreduce_s; }
};

// A decode-only iteration of d sequences with total context C costs
//   fixed_s + max(compute_base_s + compute_per_ctx_s * C, memory_base_s + memory_per_ctx_s * C),
// two lines in C: what the batching server's closed-form advance integrates. fixed_s holds
// everything that depends on d only: overhead + per_seq_overhead * d + allreduce(d).
struct DecodeLines {
  double fixed_s = 0;
  double compute_base_s = 0;
  double compute_per_ctx_s = 0;
  double memory_base_s = 0;
  double memory_per_ctx_s = 0;
};

class StepTimeModel {
public:
  // Throws InputError when tp does not divide the attention heads, the efficiencies are not in
  // (0, 1] or an overhead is negative.
  StepTimeModel(const GpuSpec& gpu, const ModelSpec& model, const StepParams& params);

  StepCost cost(const Batch& b) const;
  double time(const Batch& b) const { return cost(b).total(); }
  DecodeLines decode_lines(double decode_seqs) const;

  double weight_bytes() const { return weight_bytes_; }
  // K and V of one token across all layers (the whole tensor-parallel group).
  double kv_bytes_per_token() const { return kv_bytes_per_token_; }
  // floor((gpu_memory_utilization * memory * tp - weight_bytes) / kv_bytes_per_token). Throws
  // InputError naming the gpu and model when the weights leave no room. Like vLLM's estimate
  // minus its activation profiling: activations and CUDA graphs are not subtracted.
  std::uint64_t kv_capacity_tokens(double gpu_memory_utilization) const;

  const GpuSpec& gpu() const { return gpu_; }
  const ModelSpec& model() const { return model_; }
  const StepParams& params() const { return params_; }
  double effective_flops() const { return flops_; }        // eff_c * peak * tp
  double effective_bandwidth() const { return bytes_per_s_; }  // eff_b * bandwidth * tp

private:
  double allreduce_s(double tokens) const;

  GpuSpec gpu_;
  ModelSpec model_;
  StepParams params_;
  double flops_ = 0;
  double bytes_per_s_ = 0;
  double weight_bytes_ = 0;
  double kv_bytes_per_token_ = 0;
  double attn_flops_per_attended_ = 0;  // 4 * layers * heads * head_dim
};

}  // namespace opgsim::gpu
