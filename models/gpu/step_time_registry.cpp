// The step-time registry: one line per model (name, one-line doc, parameters, factory). The
// models themselves are step_time.hpp (roofline) and measured_step_time.hpp (measured kernels).
#include <stdexcept>
#include <string>

#include "models/common/input_error.hpp"
#include "models/gpu/step_time_choice.hpp"

namespace opgsim::gpu {
namespace {

using K = ParamDecl::Kind;

std::unique_ptr<StepTimeChoice> make_roofline(const ParamValues&) {
  return std::make_unique<StepTimeChoice>(StepTimeChoice{.kind = StepTimeChoice::Kind::Roofline});
}

std::unique_ptr<StepTimeChoice> make_measured(const ParamValues& p) {
  return std::make_unique<StepTimeChoice>(StepTimeChoice{.kind = StepTimeChoice::Kind::Measured,
                                                         .lm_head = p.get("lm_head", 1) != 0,
                                                         .kv_cache_save = p.get("kv_cache_save", 0) != 0});
}

}  // namespace

const Registry<StepTimeChoice>& step_time_models() {
  static const Registry<StepTimeChoice> registry{
      {"roofline", "First principles: max(compute, memory) over the catalog's peak FLOP/s and bandwidth times compute_efficiency and bandwidth_efficiency, plus the tensor-parallel all-reduce, iteration_overhead_s and per_sequence_overhead_s (models/gpu/step_time.hpp).",
       {}, make_roofline},
      {"measured", "Summed from kernel times profiled on real GPUs (Vidur's public profiles, models/gpu/kernels/<gpu>_<model>.json; tensor parallelism 1 only) plus iteration_overhead_s and per_sequence_overhead_s as host time; compute_efficiency and bandwidth_efficiency do not apply (models/gpu/measured_step_time.hpp).",
       {{"lm_head", K::Boolean, 1, "Add the LM head of each sampling sequence (the profiles do not time it; a roofline at the profiled matmuls' achieved rates)."},
        {"kv_cache_save", K::Boolean, 0, "Add the profiled KV-cache write (off: in the FlashInfer profile it is about 100x its memory traffic)."}},
       make_measured},
  };
  return registry;
}

StepTimeChoice make_step_time_choice(const TypedSpec& spec) {
  if (find_entry(step_time_models(), spec.type) == nullptr) {
    std::string known;
    for (const auto& name : entry_names(step_time_models())) known += (known.empty() ? "" : ", ") + name;
    throw InputError("unknown step_time type '" + spec.type + "' (known: " + known + ")");
  }
  try {
    return *make_from(step_time_models(), spec, "step_time");
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

}  // namespace opgsim::gpu
