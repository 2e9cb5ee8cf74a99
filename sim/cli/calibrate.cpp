// `opgsim calibrate` (see calibrate.hpp).
#include "sim/cli/calibrate.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/measurements.hpp"
#include "models/service/service_model.hpp"

namespace opgsim::cli {

gpu::ModelFactory make_factory(const Setup& setup) {
  service::ServiceSpec base;
  base.type = service::ServiceSpec::Type::Gpu;
  base.gpu = setup.gpu;
  base.model = setup.model;
  base.precision = setup.precision;
  base.gpus_per_node = setup.gpus_per_node;
  base.max_batch = setup.settings.max_batch;
  base.max_batched_tokens = setup.settings.max_batched_tokens;
  base.kv_block_tokens = setup.settings.kv_block_tokens;
  base.gpu_memory_utilization = setup.settings.gpu_memory_utilization;
  base.kv_cache_fp8 = setup.settings.kv_cache_fp8;
  base.chunked_prefill = setup.settings.chunked_prefill;
  base.catalog_file = setup.catalog;
  return [base](const gpu::FitParams& p) {
    service::ServiceSpec s = base;
    s.compute_efficiency = p.compute_efficiency;
    s.bandwidth_efficiency = p.bandwidth_efficiency;
    s.iteration_overhead_s = p.iteration_overhead_s;
    s.per_sequence_overhead_s = p.per_sequence_overhead_s;
    // Not used by the model itself (the closed-loop driver applies it); set for completeness.
    s.request_overhead_s = p.request_overhead_s;
    // The gpu model draws nothing; the stream only satisfies the interface.
    return service::make_service_model(s, Rng::stream(0, "calibrate"));
  };
}

std::string describe(const gpu::FitParams& p) {
  return fmt::format("compute_efficiency {:.4f}, bandwidth_efficiency {:.4f}, iteration_overhead_s {:.6f}, "
                     "per_sequence_overhead_s {:.6f}, request_overhead_s {:.6f}",
                     p.compute_efficiency, p.bandwidth_efficiency, p.iteration_overhead_s, p.per_sequence_overhead_s,
                     p.request_overhead_s);
}

int cmd_calibrate(const CalibrateArgs& a) {
  namespace fs = std::filesystem;
  const std::vector<gpu::Measurement> rows = gpu::load_measurements(a.measurements);
  const gpu::ModelFactory factory = make_factory(a.setup);
  gpu::CalibrationOptions opt;
  opt.prior_weight = a.prior_weight;
  opt.robust_scale = a.robust_scale;
  // Build once with the defaults first: an unknown gpu/model or a model that does not fit fails
  // here with the catalog's message, before any fitting.
  factory(opt.initial);
  const gpu::CalibrationResult fit = gpu::calibrate(factory, rows, opt);

  gpu::Profile prof;
  prof.gpu = a.setup.gpu;
  prof.model = a.setup.model;
  prof.precision = a.setup.precision;
  prof.gpus_per_node = a.setup.gpus_per_node;
  prof.params = fit.params;
  prof.settings = a.setup.settings;
  const fs::path out_dir = fs::absolute(a.out).parent_path();
  prof.fitted_from = fs::relative(fs::absolute(a.measurements), out_dir).generic_string();
  prof.points = fit.points;
  prof.rms_relative_error = fit.rms_relative_error;

  std::cout << fmt::format("{} on {} x {} ({}), {} measured values from {}\n", a.setup.model, a.setup.gpus_per_node,
                           a.setup.gpu, a.setup.precision, fit.points.size(), a.measurements);
  std::cout << fmt::format("fitted in {} iterations: {}\n\n", fit.iterations, describe(fit.params));
  std::cout << fmt::format("{:>6} {:>7} {:>7} {:>7} {:>12} {:>12} {:>8}\n", "conc", "prompt", "output", "metric",
                           "measured_ms", "model_ms", "error_%");
  for (const gpu::ProfilePoint& p : fit.points)
    std::cout << fmt::format("{:>6} {:>7} {:>7} {:>7} {:>12.2f} {:>12.2f} {:>+8.1f}\n", p.concurrency, p.prompt_tokens,
                             p.output_tokens, p.metric == "ttft_s" ? "TTFT" : "TPOT", 1e3 * p.measured, 1e3 * p.model,
                             p.error_pct);
  std::cout << fmt::format("\nRMS relative error: {:.1f} %\n", 100 * fit.rms_relative_error);

  if (!out_dir.empty()) fs::create_directories(out_dir);
  std::ofstream f(a.out);
  if (!f) throw InputError(a.out + ": cannot write the profile");
  f << gpu::profile_json(prof);
  std::cout << "wrote " << a.out << "\n";
  return 0;
}

}  // namespace opgsim::cli
