// `opgsim gpu-validate PROFILE.json... --out TABLE.md [--reasons R.csv] [--kernel-table K.json]...`:
// the validation table of the GPU model. For every profile (one setup under one scheduler and
// step-time model), the measurements it was fitted from are replayed through the closed-loop
// driver twice, with the default parameters and with the profile's (both under the profile's
// scheduler and step-time model), and every measured TTFT / TPOT becomes one row with signed
// errors, whether it is within 15 %, and, when it is not, the reason recorded for it in the
// reasons file. For every kernel table with measured attention, the per-iteration check points
// (models/gpu/kernel_validation.hpp) are compared with the measured step-time model and the
// default roofline. The table format is documented in results/gpu-validation/README.md.
#pragma once

#include <string>
#include <vector>

namespace opgsim::cli {

struct GpuValidateArgs {
  std::vector<std::string> profiles;
  std::vector<std::string> kernel_tables;
  std::string reasons;  // CSV: gpu,model,precision,tp,scheduler,concurrency,metric,reason; empty: none
  std::string out;
};

// Returns the exit code; bad input throws InputError.
int cmd_gpu_validate(const GpuValidateArgs& args);

}  // namespace opgsim::cli
