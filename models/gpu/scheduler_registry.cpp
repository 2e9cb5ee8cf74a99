// The scheduler registry: one line per scheduler (name, one-line doc, parameters, factory). The
// factory and the scheduler's semantics are in models/gpu/scheduler_<name>.cpp; to add one, write
// that file, declare its factory below and add its line to the table.
#include <stdexcept>
#include <string>

#include "models/common/input_error.hpp"
#include "models/gpu/scheduler.hpp"

namespace opgsim::gpu {

using Factory = std::unique_ptr<Scheduler>(const ParamValues&);
Factory make_chunked_scheduler, make_vllm_v0_scheduler, make_inflight_scheduler;

namespace {
using K = ParamDecl::Kind;
}  // namespace

const Registry<Scheduler>& schedulers() {
  static const Registry<Scheduler> registry{
      {"chunked", "Mixed iterations: every decode token plus prefill work (whole prompts, or chunks with chunked_prefill) under the token budget; vLLM V1 / Sarathi.", {}, make_chunked_scheduler},
      {"vllm_v0", "Prefills first: an iteration that admits any prefill is prefill-only and decoding pauses; vLLM V0's default scheduler.", {}, make_vllm_v0_scheduler},
      {"inflight", "In-flight batching: every decode token plus the context phase of one request at a time (chunked with chunked_prefill); TensorRT-LLM / NIM.",
       {{"max_context_requests", K::Integer, 1, "Requests in the context (prefill) phase in one iteration; 0: no limit (then the same as chunked).", "requests", 0, false, 1e6}},
       make_inflight_scheduler},
  };
  return registry;
}

Scheduler make_scheduler(const TypedSpec& spec) {
  if (find_entry(schedulers(), spec.type) == nullptr) {
    std::string known;
    for (const auto& name : entry_names(schedulers())) known += (known.empty() ? "" : ", ") + name;
    throw InputError("unknown scheduler type '" + spec.type + "' (known: " + known + ")");
  }
  try {
    return *make_from(schedulers(), spec, "scheduler");
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

}  // namespace opgsim::gpu
