// The service-model registry: one place that turns a ServiceSpec into a model.
#include "models/service/service_model.hpp"

#include "models/gpu/batching_server.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/step_time.hpp"
#include "models/service/slot_server.hpp"

namespace opgsim::service {

std::unique_ptr<ServiceModel> make_service_model(const ServiceSpec& spec, Rng rng) {
  using Dist = SlotServer::Distribution;
  switch (spec.type) {
    case ServiceSpec::Type::Exponential:
      return std::make_unique<SlotServer>(Dist::Exponential, spec.mean_s, spec.cv, spec.concurrency, rng);
    case ServiceSpec::Type::Deterministic:
      return std::make_unique<SlotServer>(Dist::Deterministic, spec.mean_s, spec.cv, spec.concurrency, rng);
    case ServiceSpec::Type::Lognormal:
      return std::make_unique<SlotServer>(Dist::Lognormal, spec.mean_s, spec.cv, spec.concurrency, rng);
    case ServiceSpec::Type::Gpu: {
      // Iteration times are deterministic given the batch: the gpu model draws nothing.
      const gpu::Catalog catalog = gpu::Catalog::load(gpu::resolve_catalog_path(spec.catalog_file));
      gpu::StepParams p;
      p.precision = gpu::parse_precision(spec.precision);
      p.tp = spec.gpus_per_node;
      p.compute_efficiency = spec.compute_efficiency;
      p.bandwidth_efficiency = spec.bandwidth_efficiency;
      p.overhead_s = spec.iteration_overhead_s;
      const gpu::StepTimeModel step(catalog.gpu(spec.gpu), catalog.model(spec.model), p);
      gpu::BatchingConfig cfg;
      cfg.max_batch = spec.max_batch;
      cfg.max_batched_tokens = spec.max_batched_tokens;
      cfg.kv_block_tokens = spec.kv_block_tokens;
      cfg.gpu_memory_utilization = spec.gpu_memory_utilization;
      return std::make_unique<gpu::BatchingServer>(step, cfg);
    }
  }
  return nullptr;
}

}  // namespace opgsim::service
