// Roofline step time of one scheduler iteration; see step_time.hpp for the formulas.
#include "models/gpu/step_time.hpp"

#include <cmath>
#include <sstream>

#include "models/common/input_error.hpp"

namespace opgsim::gpu {

Precision parse_precision(const std::string& s) {
  if (s == "fp16") return Precision::Fp16;
  if (s == "bf16") return Precision::Bf16;
  if (s == "fp8") return Precision::Fp8;
  throw InputError("precision '" + s + "' is not one of fp16, bf16, fp8");
}

const char* to_string(Precision p) {
  switch (p) {
    case Precision::Fp16: return "fp16";
    case Precision::Bf16: return "bf16";
    case Precision::Fp8: return "fp8";
  }
  return "?";
}

StepTimeModel::StepTimeModel(const GpuSpec& gpu, const ModelSpec& model, const StepParams& params)
    : gpu_(gpu), model_(model), params_(params) {
  const auto in_unit = [](double x) { return x > 0 && x <= 1; };
  if (params.tp == 0 || model.attention_heads % params.tp != 0)
    throw InputError("gpus_per_node " + std::to_string(params.tp) + " must divide the " +
                     std::to_string(model.attention_heads) + " attention heads of " + model.id);
  if (!in_unit(params.compute_efficiency) || !in_unit(params.bandwidth_efficiency))
    throw InputError("compute_efficiency and bandwidth_efficiency must be in (0, 1]");
  if (!(params.overhead_s >= 0) || !std::isfinite(params.overhead_s))
    throw InputError("iteration_overhead_s must be a finite number >= 0");
  if (!(params.per_sequence_overhead_s >= 0) || !std::isfinite(params.per_sequence_overhead_s))
    throw InputError("per_sequence_overhead_s must be a finite number >= 0");

  double peak = 0;
  double bytes_per_param = 2;
  switch (params.precision) {
    case Precision::Fp16: peak = gpu.fp16_flops; break;
    case Precision::Bf16: peak = gpu.bf16_flops; break;
    case Precision::Fp8:
      bytes_per_param = 1;
      // Without FP8 tensor cores (A100) vLLM runs fp8 checkpoints weight-only (Marlin W8A16):
      // the weights are 1 byte but the matmuls run at the 16-bit rate.
      peak = gpu.fp8_flops > 0 ? gpu.fp8_flops : gpu.bf16_flops;
      break;
  }
  const double tp = params.tp;
  flops_ = params.compute_efficiency * peak * tp;
  bytes_per_s_ = params.bandwidth_efficiency * gpu.hbm_bandwidth_bytes_per_s * tp;
  weight_bytes_ = model.parameters * bytes_per_param;
  kv_bytes_per_token_ = 2.0 * model.layers * model.kv_heads * model.head_dim * params.kv_bytes_per_elem;
  attn_flops_per_attended_ = 4.0 * model.layers * model.attention_heads * model.head_dim;
}

double StepTimeModel::allreduce_s(double tokens) const {
  if (params_.tp <= 1) return 0;
  const double tp = params_.tp;
  // Two all-reduces per layer (after attention and after the MLP) of the 16-bit activations; a
  // ring all-reduce moves 2 (tp - 1) / tp of the buffer over each link.
  const double buffer = tokens * model_.hidden_size * 2.0;
  return 2.0 * model_.layers * buffer * (2.0 * (tp - 1) / tp) / gpu_.interconnect_bytes_per_s;
}

StepCost StepTimeModel::cost(const Batch& b) const {
  const double tokens = b.prefill_tokens + b.decode_seqs;
  StepCost c;
  c.overhead_s = params_.overhead_s + params_.per_sequence_overhead_s * (b.prefill_seqs + b.decode_seqs);
  c.compute_s = (2.0 * model_.parameters * tokens +
                 attn_flops_per_attended_ * (b.prefill_attended + b.decode_context)) / flops_;
  c.memory_s = (weight_bytes_ + kv_bytes_per_token_ * (b.prefill_prior_context + b.decode_context)) / bytes_per_s_;
  c.allreduce_s = allreduce_s(tokens);
  return c;
}

DecodeLines StepTimeModel::decode_lines(double decode_seqs) const {
  DecodeLines l;
  l.fixed_s = params_.overhead_s + params_.per_sequence_overhead_s * decode_seqs + allreduce_s(decode_seqs);
  l.compute_base_s = 2.0 * model_.parameters * decode_seqs / flops_;
  l.compute_per_ctx_s = attn_flops_per_attended_ / flops_;
  l.memory_base_s = weight_bytes_ / bytes_per_s_;
  l.memory_per_ctx_s = kv_bytes_per_token_ / bytes_per_s_;
  return l;
}

std::uint64_t StepTimeModel::kv_capacity_tokens(double gpu_memory_utilization) const {
  if (!(gpu_memory_utilization > 0 && gpu_memory_utilization <= 1))
    throw InputError("gpu_memory_utilization must be in (0, 1]");
  const double usable = gpu_memory_utilization * gpu_.memory_bytes * params_.tp;
  const double room = usable - weight_bytes_;
  if (!(room >= kv_bytes_per_token_)) {
    std::ostringstream m;
    m.precision(4);
    m << "model " << model_.id << " (" << weight_bytes_ / 1e9 << " GB of " << to_string(params_.precision)
      << " weights) does not fit on " << params_.tp << " x " << gpu_.id << " at gpu_memory_utilization "
      << gpu_memory_utilization << " (" << usable / 1e9 << " GB usable, no room for the KV cache)";
    throw InputError(m.str());
  }
  return static_cast<std::uint64_t>(std::floor(room / kv_bytes_per_token_));
}

}  // namespace opgsim::gpu
