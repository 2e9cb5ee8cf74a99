// What a run prepares for the inference role before SimGrid starts (RoleRuntime::prepare, called
// by prepare_run for `run` and `validate` alike): the calibration profile applied once, one
// service model per node on its own random stream (the GPU catalog read once per spec, not once
// per node), and the weights a cold node loads. A bad profile or catalog is an input error here,
// before the platform is built.
#include <optional>

#include "models/gpu/catalog.hpp"
#include "sim/engine/prepare_run.hpp"

namespace opgsim::engine {

namespace {
// Bytes of weights a cold node reads (LoadWeights): as given, or the gpu catalog model's
// parameters at the weights' precision (1 byte for fp8, 2 for fp16/bf16).
double model_bytes(const Scenario& s, const service::ServiceSpec& spec) {
  if (s.roles.inference.model_bytes > 0) return s.roles.inference.model_bytes;
  const gpu::Catalog catalog = gpu::Catalog::load(gpu::resolve_catalog_path(spec.catalog_file));
  return catalog.model(spec.model).parameters * (spec.precision == "fp8" ? 1.0 : 2.0);
}
}  // namespace

void prepare_inference(const Scenario& s, PreparedRun& p) {
  // A calibration profile is read and applied once, not once per node (once per pool with pools).
  const InferenceRoleSpec& inf = s.roles.inference;
  p.node_spec = service::resolve_profile(inf.service);
  p.node_spec.profile.clear();
  std::vector<service::ServiceSpec> pool_specs;
  for (const InferencePoolSpec& pool : inf.pools) {
    pool_specs.push_back(service::resolve_profile(pool.service));
    pool_specs.back().profile.clear();
  }
  const std::vector<std::uint32_t> pool_of = pool_of_nodes(inf);
  std::optional<service::ServiceModelMaker> node_maker;
  if (pool_of.empty() && inf.count > 0) node_maker.emplace(p.node_spec);
  std::vector<service::ServiceModelMaker> pool_makers;
  for (const service::ServiceSpec& spec : pool_specs) pool_makers.emplace_back(spec);
  p.models.reserve(inf.count);
  p.front_end_s.reserve(inf.count);
  for (std::uint32_t i = 0; i < inf.count; ++i) {
    const bool pooled = !pool_of.empty();
    const service::ServiceSpec& spec = pooled ? pool_specs[pool_of[i]] : p.node_spec;
    const service::ServiceModelMaker& maker = pooled ? pool_makers[pool_of[i]] : *node_maker;
    p.models.push_back(maker.make(Rng::stream(s.seed, "inference.service", i)));
    p.front_end_s.push_back(spec.request_overhead_s);
  }
  if (inf.cold_start) p.model_bytes = model_bytes(s, p.node_spec);
  // TTFT and TPOT are reported when any node's model yields first tokens.
  p.token_metrics = inf.service.type == service::ServiceSpec::Type::Gpu;
  for (const service::ServiceSpec& spec : pool_specs) p.token_metrics |= spec.type == service::ServiceSpec::Type::Gpu;
}

}  // namespace opgsim::engine
