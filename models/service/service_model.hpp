// Service-time models of an inference node (scenario `roles.inference.service`).
//
// A ServiceModel is the pure state machine of what happens on the node's accelerator once a
// request is admitted: the node actor (sim/engine) owns the waiting queue, asks can_admit() for
// the head of the queue, calls admit(), and sleeps until next_event_time(), then calls advance()
// to collect what happened. The model never sees SimGrid, so it is unit-tested with a plain
// loop, and its events per request are bounded by the number of membership changes, never by
// the number of tokens.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/registry.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/scheduler.hpp"
#include "models/gpu/step_time_choice.hpp"
#include "models/service/upstream_api.hpp"

namespace opgsim::service {

constexpr double kNever = std::numeric_limits<double>::infinity();

struct Job {
  std::uint32_t id = 0;             // the caller's handle; echoed back in events
  std::uint32_t prompt_tokens = 0;
  std::uint32_t output_tokens = 0;
};

struct ServiceEvent {
  enum class Kind : std::uint8_t {
    Started,     // the job began executing (for the gpu model: its prefill iteration began)
    FirstToken,  // the first output token exists (gpu model only): TTFT ends here
    Done,        // the job finished; its result can leave the node
  };
  Kind kind;
  std::uint32_t id;
  double time;
};

class ServiceModel {
public:
  virtual ~ServiceModel() = default;
  // Whether the job could be admitted now (a free server, or room in the batch and KV cache).
  virtual bool can_admit(const Job& job) const = 0;
  // Whether the job could ever be admitted, even on an idle node (false: its KV cache need
  // exceeds the whole cache). The node rejects such a job instead of letting it block its queue.
  virtual bool can_ever_admit(const Job& /*job*/) const { return true; }
  // Admit the job at time now (now >= every time passed before). Precondition: can_admit(job).
  virtual void admit(const Job& job, double now) = 0;
  // The time of the next internal event, kNever when idle.
  virtual double next_event_time() const = 0;
  // Process everything due at or before now, appending events in time order (ties: Started,
  // then FirstToken, then Done; then by admission order).
  virtual void advance(double now, std::vector<ServiceEvent>& out) = 0;
  // Jobs admitted and not Done.
  virtual std::uint32_t in_service() const = 0;
  // How many jobs can run at once at most (servers, or the maximum batch size).
  virtual std::uint32_t slots() const = 0;
  // Integral over [0, now] of the busy fraction (busy servers / servers; for the gpu model 1
  // while an iteration runs): utilization over a window is the difference over the window's
  // length.
  virtual double busy_integral(double now) const = 0;
  // The share of KV-cache blocks in use right now, in [0, 1] (the gpu model: what limits a batch
  // long before the GPU is idle); 0 for models without a KV cache, whose busy servers
  // batch_fill() counts.
  virtual double occupancy() const { return 0.0; }
  // Share of the batch slots in use right now: in_service() / slots() (for a slot server, busy
  // servers / servers).
  double batch_fill() const { return slots() > 0 ? static_cast<double>(in_service()) / slots() : 0.0; }
  // Share of the per-iteration token budget (vLLM's max_num_batched_tokens) the iteration in
  // progress uses, at most 1; 0 for models without one.
  virtual double token_budget_fill() const { return 0.0; }
  // Sequences preempted so far (gpu model: KV cache ran out); 0 for models that never preempt.
  virtual std::uint64_t preemptions() const { return 0; }
  // Remove every job (the node crashed); appends their ids. The model is idle afterwards.
  virtual void abort_all(std::vector<std::uint32_t>& ids) = 0;
  // A slow node: from now on (now >= every time passed before) work started (a slot server's
  // service times) or iterations begun (the gpu model) take `factor` times longer; what is
  // already running keeps its planned times. factor >= 1 and finite (std::invalid_argument
  // otherwise); 1 restores normal speed. The default (test doubles) supports factor 1 only.
  virtual void set_slowdown(double factor, double /*now*/) {
    if (factor != 1.0) throw std::logic_error("this service model does not support set_slowdown");
  }
};

// Throws std::invalid_argument unless factor is finite and >= 1: the check every set_slowdown
// shares.
inline void check_slowdown(double factor) {
  if (!(factor >= 1.0) || !(factor < std::numeric_limits<double>::infinity()))
    throw std::invalid_argument("set_slowdown: the factor must be a finite number >= 1");
}

// The parameters of every model type; which ones apply depends on type (see
// scenarios/README.md, `roles.inference.service`).
struct ServiceSpec {
  enum class Type { Exponential, Deterministic, Lognormal, Gpu, TeeProxy };
  Type type = Type::Exponential;
  // exponential / deterministic / lognormal: per-request service time, `concurrency` at once.
  double mean_s = 1.0;
  double cv = 1.0;                  // lognormal: coefficient of variation (stddev / mean)
  std::uint32_t concurrency = 1;
  // gpu
  std::string gpu;                  // catalog id, e.g. "h100-sxm"
  std::string model;                // catalog id, e.g. "llama-3.1-8b"
  std::string precision = "bf16";   // "fp16" | "bf16" | "fp8"
  std::uint32_t gpus_per_node = 1;  // tensor parallelism degree
  std::uint32_t max_batch = 256;    // vLLM max_num_seqs
  std::uint32_t max_batched_tokens = 8192;  // vLLM max_num_batched_tokens (per iteration)
  double gpu_memory_utilization = 0.9;      // vLLM gpu_memory_utilization
  std::uint32_t kv_block_tokens = 16;
  bool chunked_prefill = false;             // vLLM chunked prefill: long prompts split over iterations       // vLLM block size
  bool kv_cache_fp8 = false;                // vLLM kv_cache_dtype fp8 (1 byte per element, not 2)
  double compute_efficiency = 0.5;          // achieved / peak dense FLOP/s in prefill
  double bandwidth_efficiency = 0.8;        // achieved / peak HBM bandwidth in decode
  double iteration_overhead_s = 0.003;      // fixed scheduler + launch cost per iteration
  double per_sequence_overhead_s = 0;       // CPU-side cost per sequence per iteration
  // The serving front end's fixed time per request (HTTP, chat template, tokenization) before
  // the scheduler can admit it: delays admission, uses no GPU time. Not applied by the
  // ServiceModel itself: whoever owns the waiting queue (the node actor, the closed-loop driver)
  // makes a request admittable request_overhead_s after it arrives.
  double request_overhead_s = 0;
  std::string catalog_file;                 // empty: the built-in models/gpu/catalog.json
  // A calibration profile (models/gpu/profile.hpp); empty: none. Its five fitted parameters
  // replace compute_efficiency, bandwidth_efficiency, iteration_overhead_s,
  // per_sequence_overhead_s and request_overhead_s (see resolve_profile).
  std::string profile;
  // How the GPU's serving engine forms iterations: a models/gpu/scheduler_registry.cpp entry
  // (chunked, the default: mixed prefill and decode; vllm_v0; inflight) and its parameters.
  TypedSpec scheduler = gpu::default_scheduler();
  // What times each iteration: a models/gpu/step_time_registry.cpp entry (roofline, the default;
  // measured: profiled kernels, whose host time is iteration_overhead_s and
  // per_sequence_overhead_s) and its parameters.
  TypedSpec step_time = gpu::default_step_time();
  // tee_proxy: the upstream API's latency and rate limit (upstream_api.hpp; `concurrency` above
  // is its calls in flight per node).
  UpstreamConfig upstream;
};

// The spec with its named profile's fitted parameters applied (compute_efficiency,
// bandwidth_efficiency, iteration_overhead_s, per_sequence_overhead_s, request_overhead_s
// replaced by the profile's); the spec unchanged when it is not gpu or names no profile. Throws
// opgsim::InputError for a profile that cannot be read, is for another gpu, model, precision
// or gpus_per_node, or was fitted under another scheduler or step-time model (a profile names
// the ones it was validated under, and the scenario must use them: gpu::check_profile_engine). make_service_model applies it itself; callers that need the effective
// request_overhead_s (the node actor) call it too.
ServiceSpec resolve_profile(const ServiceSpec& spec);

// Builds the models of every node that shares one spec. The constructor does the work that does
// not depend on the node (the profile applied, the GPU catalog and the measured kernel tables read
// and checked), once: a run of 10,000 GPU nodes read the catalog 10,000 times before. Throws
// opgsim::InputError for an unknown catalog id, a model that does not fit in GPU memory, or a
// profile that cannot be read or is for another gpu, model, precision or gpus_per_node.
class ServiceModelMaker {
public:
  explicit ServiceModelMaker(const ServiceSpec& spec);
  ~ServiceModelMaker();
  ServiceModelMaker(ServiceModelMaker&&) noexcept;
  ServiceModelMaker& operator=(ServiceModelMaker&&) noexcept;
  // One node's model; the rng is the node's own service stream.
  std::unique_ptr<ServiceModel> make(Rng rng) const;

private:
  struct Gpu;  // the catalog's step-time model, the batching config, the measured model if chosen
  ServiceSpec spec_;
  std::unique_ptr<Gpu> gpu_;
};

// One model, for callers that build one (ServiceModelMaker(spec).make(rng)).
std::unique_ptr<ServiceModel> make_service_model(const ServiceSpec& spec, Rng rng);

}  // namespace opgsim::service
