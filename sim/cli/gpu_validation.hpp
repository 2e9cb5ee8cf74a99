// `opgsim gpu-validate PROFILE.json... --out TABLE.md`: the validation table of the GPU model.
// For every profile (one setup each), the measurements it was fitted from are replayed through
// the closed-loop driver twice, with the default parameters and with the profile's, and every
// measured TTFT / TPOT becomes one row: inputs, measured, both model values, errors, engine and
// source. The table format is documented in results/gpu-validation/README.md.
#pragma once

#include <string>
#include <vector>

namespace opgsim::cli {

struct GpuValidateArgs {
  std::vector<std::string> profiles;
  std::string out;
};

// Returns the exit code; bad input throws InputError.
int cmd_gpu_validate(const GpuValidateArgs& args);

}  // namespace opgsim::cli
