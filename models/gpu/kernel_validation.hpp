// Whole iterations rebuilt from the measured rows a kernel table keeps (its anchors), and a
// Markdown comparison of step-time models against them (results/gpu-validation/kernels.md).
// Pure: no SimGrid.
#pragma once

#include <string>
#include <vector>

#include "models/gpu/kernel_table.hpp"
#include "models/gpu/measured_step_time.hpp"
#include "models/gpu/step_time.hpp"

namespace opgsim::gpu {

struct KernelCheckPoint {
  std::string label;   // e.g. "decode batch 8, kv 1024"
  Batch batch;         // the iteration
  double measured_s;   // layers x (linear + attention rows) + per-iteration rows, no LM head, no host
};

// Decode at batch 1, 8, 32, 64 with 1024 cached tokens, prefill of 512 and 2048 fresh tokens, the
// k-th 512-token chunk (k = 1..8) and k fresh 512-token prompts in one iteration (k = 2..8), for
// the anchors the table has. Empty when the table has no measured attention.
std::vector<KernelCheckPoint> kernel_check_points(const KernelTable& table);

// A Markdown table: per point, the measured time and the signed error of the measured model
// (kernels only and with its LM head) and of the roofline.
std::string kernel_validation_markdown(const KernelTable& table, const std::vector<KernelCheckPoint>& points,
                                       const MeasuredStepModel& measured, const StepTimeModel& roofline);

}  // namespace opgsim::gpu
