// The service-model registry: one place that turns a ServiceSpec into a model.
#include "models/service/service_model.hpp"

#include "models/gpu/batching_server.hpp"
#include "models/common/input_error.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/measured_step_time.hpp"
#include "models/gpu/profile.hpp"
#include "models/gpu/step_time.hpp"
#include "models/service/slot_server.hpp"
#include "models/service/tee_proxy.hpp"

#include <optional>

namespace opgsim::service {

ServiceSpec resolve_profile(const ServiceSpec& spec) {
  ServiceSpec out = spec;
  if (spec.type != ServiceSpec::Type::Gpu || spec.profile.empty()) return out;
  const gpu::Profile prof = gpu::load_profile(spec.profile);
  gpu::check_profile_matches(prof, spec.profile, spec.gpu, spec.model, spec.precision, spec.gpus_per_node);
  gpu::check_profile_engine(prof, spec.profile, spec.scheduler, spec.step_time);
  out.compute_efficiency = prof.params.compute_efficiency;
  out.bandwidth_efficiency = prof.params.bandwidth_efficiency;
  out.iteration_overhead_s = prof.params.iteration_overhead_s;
  out.per_sequence_overhead_s = prof.params.per_sequence_overhead_s;
  out.request_overhead_s = prof.params.request_overhead_s;
  return out;
}

struct ServiceModelMaker::Gpu {
  gpu::StepTimeModel step;
  gpu::BatchingConfig cfg;
  std::optional<gpu::MeasuredStepModel> measured;  // the measured kernels, when step_time chose them
};

ServiceModelMaker::ServiceModelMaker(const ServiceSpec& spec_in) : spec_(resolve_profile(spec_in)) {
  if (spec_.type != ServiceSpec::Type::Gpu) return;
  const ServiceSpec& spec = spec_;
  // Iteration times are deterministic given the batch: the gpu model draws nothing.
  const gpu::Catalog catalog = gpu::Catalog::load(gpu::resolve_catalog_path(spec.catalog_file));
  gpu::StepParams p;
  p.precision = gpu::parse_precision(spec.precision);
  p.tp = spec.gpus_per_node;
  p.compute_efficiency = spec.compute_efficiency;
  p.bandwidth_efficiency = spec.bandwidth_efficiency;
  p.overhead_s = spec.iteration_overhead_s;
  p.per_sequence_overhead_s = spec.per_sequence_overhead_s;
  p.kv_bytes_per_elem = spec.kv_cache_fp8 ? 1 : 2;
  const gpu::StepTimeModel step(catalog.gpu(spec.gpu), catalog.model(spec.model), p);
  const gpu::StepTimeChoice choice = gpu::make_step_time_choice(spec.step_time);
  gpu::BatchingConfig cfg;
  cfg.max_batch = spec.max_batch;
  cfg.max_batched_tokens = spec.max_batched_tokens;
  cfg.kv_block_tokens = spec.kv_block_tokens;
  cfg.chunked_prefill = spec.chunked_prefill;
  cfg.gpu_memory_utilization = spec.gpu_memory_utilization;
  cfg.scheduler = spec.scheduler;
  std::optional<gpu::MeasuredStepModel> measured;
  if (choice.kind != gpu::StepTimeChoice::Kind::Roofline) {
    if (p.precision == gpu::Precision::Fp8)
      throw InputError("step_time 'measured': the kernel tables are 16-bit profiles; precision fp8 needs the roofline");
    gpu::MeasuredParams mp;
    mp.cpu_overhead_s = spec.iteration_overhead_s;
    mp.per_sequence_overhead_s = spec.per_sequence_overhead_s;
    mp.lm_head = choice.lm_head;
    mp.kv_cache_save = choice.kv_cache_save;
    measured.emplace(gpu::load_measured_step_model(spec.gpu, spec.model, spec.gpus_per_node, mp));
  }
  gpu_ = std::make_unique<Gpu>(Gpu{step, cfg, std::move(measured)});
}

ServiceModelMaker::~ServiceModelMaker() = default;
ServiceModelMaker::ServiceModelMaker(ServiceModelMaker&&) noexcept = default;
ServiceModelMaker& ServiceModelMaker::operator=(ServiceModelMaker&&) noexcept = default;

std::unique_ptr<ServiceModel> ServiceModelMaker::make(Rng rng) const {
  const ServiceSpec& spec = spec_;
  using Dist = SlotServer::Distribution;
  switch (spec.type) {
    case ServiceSpec::Type::Exponential:
      return std::make_unique<SlotServer>(Dist::Exponential, spec.mean_s, spec.cv, spec.concurrency, rng);
    case ServiceSpec::Type::Deterministic:
      return std::make_unique<SlotServer>(Dist::Deterministic, spec.mean_s, spec.cv, spec.concurrency, rng);
    case ServiceSpec::Type::Lognormal:
      return std::make_unique<SlotServer>(Dist::Lognormal, spec.mean_s, spec.cv, spec.concurrency, rng);
    case ServiceSpec::Type::TeeProxy: {
      UpstreamConfig c = spec.upstream;
      c.concurrency = spec.concurrency;
      return std::make_unique<TeeProxy>(c, rng);
    }
    case ServiceSpec::Type::Gpu:
      if (!gpu_->measured) return std::make_unique<gpu::BatchingServer>(gpu_->step, gpu_->cfg);
      return std::make_unique<gpu::BatchingServer>(gpu_->step, *gpu_->measured, gpu_->cfg);
  }
  return nullptr;
}

std::unique_ptr<ServiceModel> make_service_model(const ServiceSpec& spec, Rng rng) {
  return ServiceModelMaker(spec).make(rng);
}

}  // namespace opgsim::service
