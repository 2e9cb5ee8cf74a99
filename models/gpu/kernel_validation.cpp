// Check points from a kernel table's measured rows and the Markdown comparison; see
// kernel_validation.hpp.
#include "models/gpu/kernel_validation.hpp"

#include <optional>

#include <fmt/format.h>

namespace opgsim::gpu {
namespace {

std::optional<LinearAnchor> linear_at(const KernelTable& t, double tokens) {
  for (const LinearAnchor& a : t.linear_anchors)
    if (a.tokens == tokens) return a;
  return std::nullopt;
}

std::optional<double> attention_at(const KernelTable& t, bool decode, double size, double kv) {
  for (const AttentionAnchor& a : t.attention_anchors)
    if (a.decode == decode && (decode ? a.batch : a.chunk) == size && a.kv == kv) return a.attention_us;
  return std::nullopt;
}

void add(const KernelTable& t, std::vector<KernelCheckPoint>& out, std::string label, const Batch& b, double tokens,
         std::optional<double> attention_us, double chunks = 1) {
  const std::optional<LinearAnchor> l = linear_at(t, tokens);
  if (!l || !attention_us) return;
  const double us = t.layers * (l->per_layer_us + chunks * *attention_us) + l->per_iteration_us;
  out.push_back({std::move(label), b, us * 1e-6});
}

double pct(double model, double measured) { return 100.0 * (model - measured) / measured; }

}  // namespace

std::vector<KernelCheckPoint> kernel_check_points(const KernelTable& t) {
  std::vector<KernelCheckPoint> out;
  if (!t.attention_measured) return out;
  for (const double b : {1.0, 8.0, 32.0, 64.0}) {
    Batch batch;
    batch.add_decode(b, b * 1024);
    add(t, out, fmt::format("decode batch {}, kv 1024", b), batch, b, attention_at(t, true, b, 1024));
  }
  for (const double n : {512.0, 2048.0}) {
    Batch batch;
    batch.add_prefill(n);
    add(t, out, fmt::format("prefill {}", n), batch, n, attention_at(t, false, n, 0));
  }
  for (int k = 2; k <= 8; ++k) {
    Batch batch;
    batch.add_prefill(512, 512.0 * (k - 1));
    add(t, out, fmt::format("chunk {} of 512 (prior {})", k, 512 * (k - 1)), batch, 512,
        attention_at(t, false, 512, 512.0 * (k - 1)));
  }
  for (int k = 2; k <= 8; ++k) {
    Batch batch;
    for (int i = 0; i < k; ++i) batch.add_prefill(512);
    add(t, out, fmt::format("{} x 512 fresh prompts", k), batch, 512.0 * k, attention_at(t, false, 512, 0), k);
  }
  return out;
}

std::string kernel_validation_markdown(const KernelTable& t, const std::vector<KernelCheckPoint>& points,
                                       const MeasuredStepModel& measured, const StepTimeModel& roofline) {
  MeasuredParams kernels_only = measured.params();
  kernels_only.lm_head = false;
  kernels_only.cpu_overhead_s = 0;
  kernels_only.per_sequence_overhead_s = 0;
  const MeasuredStepModel bare(measured.table(), kernels_only);
  std::string s = fmt::format(
      "### {} {} ({})\n\n"
      "| iteration | measured kernels (ms) | measured model, kernels | measured model + LM head | roofline (default) |\n"
      "|---|---:|---:|---:|---:|\n",
      t.gpu, t.model, t.file.substr(t.file.rfind('/') + 1));
  for (const KernelCheckPoint& p : points) {
    s += fmt::format("| {} | {:.2f} | {:+.1f} % | {:+.1f} % | {:+.1f} % |\n", p.label, p.measured_s * 1e3,
                     pct(bare.time(p.batch), p.measured_s), pct(measured.time(p.batch), p.measured_s),
                     pct(roofline.time(p.batch), p.measured_s));
  }
  return s;
}

}  // namespace opgsim::gpu
