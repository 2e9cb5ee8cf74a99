// `opgsim calibrate MEASUREMENTS.csv --gpu G --model M ... --out PROFILE.json`: fits the
// step-time parameters of one setup to its measurements (models/gpu/calibration.hpp), prints
// the fit, and writes a profile that scenarios name (roles.inference.service.profile).
#pragma once

#include <cstdint>
#include <string>

#include "models/gpu/calibration.hpp"
#include "models/gpu/profile.hpp"

namespace opgsim::cli {

struct Setup {
  std::string gpu, model, precision = "bf16";
  std::uint32_t gpus_per_node = 1;
  gpu::FitSettings settings;
  std::string catalog;  // empty: the built-in catalog
};

// Builds one node's gpu service model for the setup, with the parameters the fit proposes.
gpu::ModelFactory make_factory(const Setup& setup);

struct CalibrateArgs {
  std::string measurements;
  Setup setup;
  std::string out;
  double prior_weight = 0.02;
  double robust_scale = 0.2;
  std::string scheduler = "chunked";   // a name or a JSON object {"type": ..., params}
  std::string step_time = "roofline";
};

// A registry choice from the command line: a bare name, or a JSON object {"type": ..., params}
// (numbers or booleans). Throws InputError "--<option>: ..." for bad JSON, an unknown type or
// parameter; the result has every parameter (defaults filled).
TypedSpec parse_scheduler_option(const std::string& text);
TypedSpec parse_step_time_option(const std::string& text);

// Returns the exit code; bad input throws InputError.
int cmd_calibrate(const CalibrateArgs& args);

// A parameter set as one line, e.g. "compute_efficiency 0.412, bandwidth_efficiency ...".
std::string describe(const gpu::FitParams& p);

}  // namespace opgsim::cli
