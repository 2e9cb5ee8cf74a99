// `opgsim calibrate` (see calibrate.hpp).
#include "sim/cli/calibrate.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/measurements.hpp"
#include "models/gpu/scheduler.hpp"
#include "models/gpu/step_time_choice.hpp"
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
  base.scheduler = setup.settings.scheduler;
  base.step_time = setup.settings.step_time;
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

namespace {

template <class Product>
TypedSpec parse_choice(const std::string& text, const Registry<Product>& registry, const char* option,
                       Product (*make)(const TypedSpec&)) {
  TypedSpec spec;
  if (!text.empty() && text.front() == '{') {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(std::string(option) + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.contains("type") || !j["type"].is_string())
      throw InputError(std::string(option) + ": expected {\"type\": \"<name>\", ...}");
    spec.type = j["type"].get<std::string>();
    for (const auto& [name, value] : j.items()) {
      if (name == "type") continue;
      if (value.is_boolean()) spec.params.set(name, value.template get<bool>() ? 1 : 0);
      else if (value.is_number()) spec.params.set(name, value.template get<double>());
      else throw InputError(std::string(option) + ": " + name + ": expected a number or a boolean, got " + value.dump());
    }
  } else {
    spec.type = text;
  }
  try {
    make(spec);  // validates the type, the parameter names and their ranges
  } catch (const InputError& e) {
    throw InputError(std::string(option) + ": " + e.what());
  }
  return with_defaults(registry, spec);
}

}  // namespace

TypedSpec parse_scheduler_option(const std::string& text) {
  return parse_choice(text, gpu::schedulers(), "--scheduler", &gpu::make_scheduler);
}
TypedSpec parse_step_time_option(const std::string& text) {
  return parse_choice(text, gpu::step_time_models(), "--step-time", &gpu::make_step_time_choice);
}

std::string describe(const gpu::FitParams& p) {
  return fmt::format("compute_efficiency {:.4f}, bandwidth_efficiency {:.4f}, iteration_overhead_s {:.6f}, "
                     "per_sequence_overhead_s {:.6f}, request_overhead_s {:.6f}",
                     p.compute_efficiency, p.bandwidth_efficiency, p.iteration_overhead_s, p.per_sequence_overhead_s,
                     p.request_overhead_s);
}

int cmd_calibrate(const CalibrateArgs& args) {
  namespace fs = std::filesystem;
  CalibrateArgs a = args;
  a.setup.settings.scheduler = parse_scheduler_option(args.scheduler);
  a.setup.settings.step_time = parse_step_time_option(args.step_time);
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

  std::cout << fmt::format("{} on {} x {} ({}), scheduler {}, step time {}, {} measured values from {}\n",
                           a.setup.model, a.setup.gpus_per_node, a.setup.gpu, a.setup.precision,
                           spec_label(a.setup.settings.scheduler), spec_label(a.setup.settings.step_time),
                           fit.points.size(), a.measurements);
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
