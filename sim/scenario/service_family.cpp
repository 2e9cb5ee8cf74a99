// The service-time model family (roles.inference.service): exponential, deterministic,
// lognormal and gpu, each with its own bound parameters (families.hpp).
#include <array>
#include <tuple>
#include <utility>

#include "models/gpu/scheduler.hpp"
#include "models/gpu/step_time_choice.hpp"
#include "sim/scenario/families.hpp"
#include "sim/scenario/registry_schema.hpp"
#include "sim/scenario/scenario_limits.hpp"

namespace opgsim {

namespace {
constexpr std::array<std::pair<bool, const char*>, 2> kKvCacheTypes{{{false, "auto"}, {true, "fp8"}}};
}  // namespace

config::Family<service::ServiceSpec, service::ServiceSpec::Type> service_models() {
  using config::Type;
  using service::ServiceSpec;
  using namespace limits;
  using T = ServiceSpec::Type;
  config::Family<ServiceSpec, T> f("How long an inference node takes to serve a request.", &ServiceSpec::type);
  const auto mean = [](config::Bind<ServiceSpec>& s) {
    s.field("mean_s", &ServiceSpec::mean_s, Type::number().ge(kMinServiceS).le(kMaxDelayS)).def(1.0).unit("s")
        .doc("Mean service time of one request.");
  };
  const auto concurrency = [](config::Bind<ServiceSpec>& s) {
    s.field("concurrency", &ServiceSpec::concurrency, Type::integer().ge(1).le(kMaxSlots)).def(1)
        .doc("Requests served at once (servers per node).");
  };
  for (auto [name, doc, tag] : {std::tuple{"exponential", "Exponentially distributed service times (M/M/c nodes).", T::Exponential},
                                std::tuple{"deterministic", "Every request takes exactly mean_s (M/D/c nodes).", T::Deterministic}}) {
    config::Bind<ServiceSpec>& s = f.type(name, doc, tag);
    mean(s);
    concurrency(s);
  }
  config::Bind<ServiceSpec>& logn = f.type("lognormal", "Lognormally distributed service times.", T::Lognormal);
  mean(logn);
  logn.field("cv", &ServiceSpec::cv, Type::number().gt(0).le(100)).def(1.0)
      .doc("Coefficient of variation (standard deviation / mean).");
  concurrency(logn);

  config::Bind<ServiceSpec>& gpu =
      f.type("gpu", "Continuous batching on GPUs, step times from the GPU performance model.", T::Gpu);
  gpu.field("gpu", &ServiceSpec::gpu, Type::string().non_empty()).def("h100-sxm").doc("GPU catalog id.");
  gpu.field("model", &ServiceSpec::model, Type::string().non_empty()).def("llama-3.1-8b").doc("Model catalog id.");
  gpu.field("precision", &ServiceSpec::precision, Type::one_of({"fp16", "bf16", "fp8"})).def("bf16")
      .doc("Weight and activation precision.");
  gpu.field("gpus_per_node", &ServiceSpec::gpus_per_node, Type::integer().ge(1).le(8)).def(1)
      .doc("Tensor-parallel degree: GPUs serving one model replica.");
  gpu.field("max_batch", &ServiceSpec::max_batch, Type::integer().ge(1).le(kMaxSlots)).def(256)
      .doc("Most sequences in one batch (vLLM max_num_seqs).");
  gpu.field("max_batched_tokens", &ServiceSpec::max_batched_tokens, Type::integer().ge(1).le(kMaxTokens)).def(8192)
      .unit("tokens").doc("Most tokens processed in one iteration (vLLM max_num_batched_tokens).");
  gpu.field("gpu_memory_utilization", &ServiceSpec::gpu_memory_utilization, Type::number().gt(0).le(1)).def(0.9)
      .doc("Share of GPU memory used for weights and KV cache (vLLM gpu_memory_utilization).");
  gpu.field("kv_block_tokens", &ServiceSpec::kv_block_tokens, Type::integer().ge(1).le(1024)).def(16).unit("tokens")
      .doc("KV cache block size (vLLM block_size).");
  gpu.field("chunked_prefill", &ServiceSpec::chunked_prefill, Type::boolean()).def(false)
      .doc("Split long prompts over iterations so that decodes are never stalled behind a whole prefill (vLLM chunked prefill).");
  gpu.field("scheduler", &ServiceSpec::scheduler,
            registry_variant("How the serving engine forms each iteration (models/gpu/scheduler_registry.cpp).",
                             gpu::schedulers()),
            [](const nlohmann::json& v, const config::ReadAt& at) { return typed_spec(v, gpu::schedulers(), at); })
      .def(nlohmann::json{{"type", "chunked"}})
      .doc("The iteration scheduler: chunked (prefill work rides with every decode, vLLM V1 / Sarathi style), vllm_v0 "
           "(prefill-only iterations that pause decoding, vLLM V0's default) or inflight (TensorRT-LLM / NIM style: "
           "at most max_context_requests prompts prefill per iteration).");
  gpu.field("step_time", &ServiceSpec::step_time,
            registry_variant("What times each iteration (models/gpu/step_time_registry.cpp).", gpu::step_time_models()),
            [](const nlohmann::json& v, const config::ReadAt& at) { return typed_spec(v, gpu::step_time_models(), at); })
      .def(nlohmann::json{{"type", "roofline"}})
      .doc("The step-time model: roofline (first principles over the GPU catalog, the default) or measured (kernel "
           "times profiled on real GPUs, models/gpu/kernels/<gpu>_<model>.json, tensor parallelism 1 and 16-bit "
           "weights only; iteration_overhead_s and per_sequence_overhead_s are its host time).");
  gpu.choice("kv_cache_dtype", &ServiceSpec::kv_cache_fp8, kKvCacheTypes).def("auto")
      .doc("KV cache element type (vLLM kv_cache_dtype): auto keeps it 16-bit whatever the weights; fp8 halves it.");
  gpu.field("compute_efficiency", &ServiceSpec::compute_efficiency, Type::number().gt(0).le(1)).def(0.5)
      .doc("Achieved / peak dense FLOP/s during prefill.");
  gpu.field("bandwidth_efficiency", &ServiceSpec::bandwidth_efficiency, Type::number().gt(0).le(1)).def(0.8)
      .doc("Achieved / peak memory bandwidth during decode.");
  gpu.field("iteration_overhead_s", &ServiceSpec::iteration_overhead_s, Type::number().ge(0).le(kMaxDelayS)).def(0.003)
      .unit("s").doc("Fixed scheduling and kernel-launch cost per iteration.");
  gpu.field("per_sequence_overhead_s", &ServiceSpec::per_sequence_overhead_s, Type::number().ge(0).le(kMaxDelayS))
      .def(0.0).unit("s")
      .doc("CPU-side cost (scheduling, sampling, streaming) per sequence per iteration; grows the iteration with the batch.");
  gpu.field("request_overhead_s", &ServiceSpec::request_overhead_s, Type::number().ge(0).le(kMaxDelayS)).def(0.0)
      .unit("s")
      .doc("Time the node's serving front end spends on each request before the scheduler can admit it (HTTP, chat "
           "template, tokenization); delays admission, uses no GPU time.");
  gpu.field("catalog", &ServiceSpec::catalog_file, Type::string()).def("")
      .doc("GPU/model catalog file, relative to the scenario file that sets it; empty means the built-in one.");
  gpu.field("profile", &ServiceSpec::profile, Type::string()).def("")
      .doc("Calibration profile (`opgsim calibrate`, e.g. models/gpu/profiles/), relative to the scenario file that "
           "sets it; its fitted compute_efficiency, bandwidth_efficiency, iteration_overhead_s, "
           "per_sequence_overhead_s and request_overhead_s replace these fields. It names the scheduler and step_time "
           "it was fitted under, and the scenario must use the same ones (else an error). Empty means none.");
  // Defaults are assumptions (models/service/upstream_api.hpp: the notes have no measurement of
  // the proxy's upstream call) placed inside published probes of hosted APIs (cited in the docs
  // below); sweep them.
  config::Bind<ServiceSpec>& proxy = f.type(
      "tee_proxy",
      "A TEE proxy node (OpenGradient's LLM proxy path): no model of its own; it relays each request to an upstream "
      "LLM API (models/service/tee_proxy.hpp). Upstream outages are crash / recover fault events on its nodes.",
      T::TeeProxy);
  using service::UpstreamConfig;
  const auto up = [](auto m) { return config::member(&ServiceSpec::upstream, m); };
  proxy.field("ttft_median_s", up(&UpstreamConfig::ttft_median_s), Type::number().gt(0).le(kMaxDelayS)).def(0.5)
      .unit("s").doc("Median time to first token of an upstream call (assumption, sweep it; published probes of hosted "
                     "frontier-model APIs report medians of 0.32-4.2 s: 15 models probed hourly through OpenRouter, "
                     "J. Wrede, 'TTFT varies 13x across LLM providers', jonathanwrede.de, 2026; GPT-4o p50 0.25 s, "
                     "p95 0.7 s in Deploybase's March 2026 measurements).");
  proxy.field("ttft_p90_s", up(&UpstreamConfig::ttft_p90_s), Type::number().gt(0).le(kMaxDelayS)).def(1.5).unit("s")
      .doc("90th percentile of the TTFT (lognormal through median and p90; >= ttft_median_s; assumption).");
  proxy.field("tokens_per_s_median", up(&UpstreamConfig::tokens_per_s_median), Type::number().gt(0).le(1e6)).def(60.0)
      .unit("tokens/s").doc("Median output speed of one upstream stream (assumption; the large OpenAI, Anthropic and "
                            "DeepSeek models stream 24-95 tokens/s at the median in J. Wrede's 2026 probes).");
  proxy.field("tokens_per_s_p90", up(&UpstreamConfig::tokens_per_s_p90), Type::number().gt(0).le(1e6)).def(100.0)
      .unit("tokens/s").doc("90th percentile of the output speed (>= tokens_per_s_median; assumption).");
  proxy.field("rate_limit_rps", up(&UpstreamConfig::rate_limit_rps), Type::number().ge(0).le(1e9)).def(10.0)
      .unit("req/s").doc("Upstream calls per second each node's API key may make (assumption); calls over it are "
                         "queued FIFO at the node, not rejected. 0: no limit.");
  proxy.field("rate_limit_burst", up(&UpstreamConfig::rate_limit_burst), Type::integer().ge(1).le(kMaxSlots)).def(10)
      .doc("Calls the key may make at once before the rate applies (token bucket size).");
  proxy.field("concurrency", &ServiceSpec::concurrency, Type::integer().ge(1).le(kMaxSlots)).def(256)
      .doc("Upstream calls in flight at once per node (its slots; a call waiting for the rate limit holds one).");
  return f;
}

}  // namespace opgsim
