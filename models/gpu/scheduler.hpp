// The batching server's scheduler, chosen by name ({"type": "chunked" | "vllm_v0" | "inflight"})
// from a registry (scheduler_registry.cpp, one line per scheduler; each scheduler's semantics and
// sources are in its own file, scheduler_<name>.cpp). A scheduler is a small set of rules that the
// server's iteration formation (scheduler_iteration.cpp) reads at every boundary: declarative, so
// the hot path has no virtual call and no allocation, and the naive reference in the tests can
// implement each rule independently. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <string>

#include "models/common/registry.hpp"

namespace opgsim::gpu {

struct SchedulerRules {
  // Whether the decoding sequences get their token in an iteration that also prefills. false:
  // an iteration with prefill work is prefill-only and decoding pauses (vLLM V0).
  bool decode_with_prefill = true;
  // Sequences that may prefill (fresh, resumed or a chunk) in one iteration; 0: no limit.
  std::uint32_t max_prefill_seqs = 0;
  // Whether BatchingConfig::chunked_prefill may be set with this scheduler.
  bool allows_chunked_prefill = true;
};

class Scheduler {
public:
  Scheduler(const char* name, const SchedulerRules& rules) : name_(name), rules_(rules) {}
  const std::string& name() const { return name_; }
  const SchedulerRules& rules() const { return rules_; }

private:
  std::string name_;
  SchedulerRules rules_;
};

// The registered schedulers (name, doc, parameters, factory).
const Registry<Scheduler>& schedulers();
// The scheduler spec.type with spec.params. An unknown name or parameter throws InputError
// naming the known schedulers: never a fallback.
Scheduler make_scheduler(const TypedSpec& spec);
// The default: today's mixed batches ("chunked").
inline TypedSpec default_scheduler() { return TypedSpec{"chunked", {}}; }

}  // namespace opgsim::gpu
