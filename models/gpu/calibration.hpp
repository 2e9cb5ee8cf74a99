// Calibration of the step-time parameters (compute_efficiency, bandwidth_efficiency,
// iteration_overhead_s, per_sequence_overhead_s) and of the front end's request_overhead_s to
// measured TTFT and TPOT of closed-loop benchmarks, by Levenberg-Marquardt least squares (Eigen). Pure: no SimGrid.
//
// - Residuals: log(model / measured) for every measured TTFT and TPOT, so a relative error
//   counts the same on a 7 ms TPOT as on a 400 ms TTFT. Model values are the closed-loop
//   driver's p50s (closed_loop.hpp) at the measurement's concurrency and lengths.
// - Parameters are fitted in a transformed space that keeps them legal: logit for the
//   efficiencies ((0, 1)), a scaled softplus for the iteration and per-sequence overheads
//   (>= 0), a log for request_overhead_s (> 0; it starts at 1e-4 of its scale when 0).
// - Weak priors pull toward the starting values (the scenario defaults), so that a setup with
//   one measured point (A100: TPOT at concurrency 1 only) still has a unique fit; with many
//   points the data dominate.
// - Two fits are run, request_overhead_s held at exactly 0 and free, and the lower cost wins
//   (the model jumps at request_overhead_s = 0+ with several users; calibration.cpp).
// - The Jacobian is numerical (central differences through the closed-loop driver).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "models/gpu/measurements.hpp"
#include "models/gpu/profile.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::gpu {

// Builds one node's service model with the given step-time parameters (the caller fixes the
// GPU, model, precision, tensor parallelism and batching settings).
using ModelFactory = std::function<std::unique_ptr<service::ServiceModel>(const FitParams&)>;

struct CalibrationOptions {
  FitParams initial;          // starting point and centre of the priors
  // Weight of each prior residual: a deviation of one unit (one logit unit for an efficiency,
  // one scale for an overhead) costs as much as a relative error of prior_weight on one point.
  double prior_weight = 0.02;
  double iteration_overhead_scale_s = 0.003;
  double per_sequence_overhead_scale_s = 0.001;
  double request_overhead_scale_s = 0.005;
  // Scale c of the soft-L1 loss on the log residuals (0.2: errors beyond about 20 % count
  // linearly, not quadratically); 0 means plain least squares.
  double robust_scale = 0.2;
  int max_iterations = 100;
};

struct CalibrationResult {
  FitParams params;
  std::vector<ProfilePoint> points;  // every measured metric with its model value
  double rms_relative_error = 0;     // sqrt(mean((model / measured - 1)^2)) over points
  int iterations = 0;                // of both fits together
};

// The model's value for every measured metric of every row, in row order (TTFT before TPOT).
std::vector<ProfilePoint> evaluate(const ModelFactory& factory, const FitParams& params,
                                   const std::vector<Measurement>& rows);
double rms_relative_error(const std::vector<ProfilePoint>& points);

CalibrationResult calibrate(const ModelFactory& factory, const std::vector<Measurement>& rows,
                            const CalibrationOptions& options);

}  // namespace opgsim::gpu
