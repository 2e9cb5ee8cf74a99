// The `measured` step-time model; see measured_step_time.hpp for the formulas.
#include "models/gpu/measured_step_time.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "models/common/input_error.hpp"

namespace opgsim::gpu {
namespace {
constexpr double kUs = 1e-6;
}  // namespace

MeasuredStepModel::MeasuredStepModel(KernelTable table, MeasuredParams params)
    : table_(std::move(table)), params_(params) {
  const auto ok = [](double x) { return std::isfinite(x) && x >= 0; };
  if (!ok(params_.cpu_overhead_s)) throw InputError("cpu_overhead_s must be a finite number >= 0");
  if (!ok(params_.per_sequence_overhead_s)) throw InputError("per_sequence_overhead_s must be a finite number >= 0");
}

double MeasuredStepModel::linear_s(double tokens) const {
  if (!(tokens > 0)) return 0;
  // Below one token there is nothing to interpolate; a fraction of a token is still one launch.
  const double t = std::max(tokens, 1.0);
  const LinearKernels& l = table_.linear;
  return (table_.layers * interpolate(l.tokens, l.per_layer_us, t) + interpolate(l.tokens, l.per_iteration_us, t)) * kUs;
}

double MeasuredStepModel::decode_attention_s(double seqs, double total_context) const {
  if (!(seqs > 0)) return 0;
  const DecodeAttention& d = table_.decode;
  double us = std::max(d.floor_us, d.intercept_us + d.per_kv_token_us * total_context);
  if (params_.kv_cache_save) us += d.kv_save_us;
  return table_.layers * us * kUs;
}

double MeasuredStepModel::prefill_attention_s(double chunk, double prior) const {
  if (!(chunk > 0)) return 0;
  const PrefillAttention& p = table_.prefill;
  // The base and slope of chunks below the smallest profiled one are those of the smallest: the
  // kernel is launch-bound there, so it does not get cheaper in proportion.
  const double c = std::max(chunk, p.chunk.front());
  double us = std::max(0.0, interpolate(p.chunk, p.base_us, c)) + std::max(0.0, interpolate(p.chunk, p.per_kv_us, c)) * prior;
  if (params_.kv_cache_save) us += std::max(0.0, interpolate(p.chunk, p.kv_save_us, c));
  return table_.layers * us * kUs;
}

double MeasuredStepModel::lm_head_s(double sampling_seqs) const {
  if (!params_.lm_head || !(sampling_seqs > 0)) return 0;
  const double hv = static_cast<double>(table_.hidden_size) * table_.vocab_size;
  return std::max(2.0 * hv / table_.gemm.weight_bytes_per_s, 2.0 * sampling_seqs * hv / table_.gemm.flops_per_s);
}

MeasuredCost MeasuredStepModel::cost(const Batch& b) const {
  MeasuredCost c;
  const double seqs = b.prefill_seqs + b.decode_seqs;
  c.cpu_s = params_.cpu_overhead_s + params_.per_sequence_overhead_s * seqs;
  c.linear_s = linear_s(b.prefill_tokens + b.decode_seqs);
  c.attention_s = decode_attention_s(b.decode_seqs, b.decode_context);
  if (b.prefill_seqs > 0 && b.prefill_tokens > 0)
    c.attention_s += b.prefill_seqs * prefill_attention_s(b.prefill_tokens / b.prefill_seqs,
                                                          b.prefill_prior_context / b.prefill_seqs);
  c.lm_head_s = lm_head_s(seqs);
  return c;
}

DecodeLines MeasuredStepModel::decode_lines(double decode_seqs) const {
  const DecodeAttention& d = table_.decode;
  DecodeLines l;
  l.fixed_s = params_.cpu_overhead_s + params_.per_sequence_overhead_s * decode_seqs + linear_s(decode_seqs) +
              lm_head_s(decode_seqs) + (params_.kv_cache_save ? table_.layers * d.kv_save_us * kUs : 0.0);
  // max(floor, intercept + per_kv_token * C) as the batching server's max of two lines.
  l.compute_base_s = table_.layers * d.intercept_us * kUs;
  l.compute_per_ctx_s = table_.layers * d.per_kv_token_us * kUs;
  l.memory_base_s = table_.layers * d.floor_us * kUs;
  l.memory_per_ctx_s = 0;
  return l;
}

MeasuredStepModel load_measured_step_model(const std::string& gpu, const std::string& model, std::uint32_t tp,
                                           const MeasuredParams& params, const std::string& table_path) {
  const std::string path = table_path.empty() ? default_kernel_table_path(gpu, model) : table_path;
  if (tp != 1)
    throw InputError(path + ": the measured step-time model has kernel tables at tensor parallelism 1 only (got " +
                     std::to_string(tp) + ")");
  KernelTable t = KernelTable::load(path);
  if (t.gpu != gpu || t.model != model)
    throw InputError(path + ": kernel table is for " + t.gpu + " " + t.model + ", not " + gpu + " " + model);
  return MeasuredStepModel(std::move(t), params);
}

}  // namespace opgsim::gpu
