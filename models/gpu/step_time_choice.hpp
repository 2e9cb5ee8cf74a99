// The step-time model a gpu node times its iterations with, chosen by name
// (roles.inference.service.step_time = {"type": "roofline" | "measured", ...params}) from a
// registry (step_time_registry.cpp, one line per model), and the timer the batching server holds.
// Both models expose time(Batch) and decode_lines(d); the server holds one of them in a
// std::variant, so an iteration's time is a branch on the alternative, not a virtual call. The
// KV-cache size always comes from the catalog (StepTimeModel::kv_capacity_tokens), whatever times
// the iterations. Pure: no SimGrid.
#pragma once

#include <variant>

#include "models/common/registry.hpp"
#include "models/gpu/measured_step_time.hpp"
#include "models/gpu/step_time.hpp"

namespace opgsim::gpu {

// What a registry entry stands for: which model, and the measured model's own switches (its
// host-time terms are the gpu service's iteration_overhead_s and per_sequence_overhead_s, so a
// calibration profile sets them for either model).
struct StepTimeChoice {
  enum class Kind { Roofline, Measured };
  Kind kind = Kind::Roofline;
  bool lm_head = true;
  bool kv_cache_save = false;
};

// The registered step-time models (name, doc, parameters, factory).
const Registry<StepTimeChoice>& step_time_models();
// The model spec.type with spec.params. An unknown name or parameter throws InputError naming the
// known models: never a fallback.
StepTimeChoice make_step_time_choice(const TypedSpec& spec);
// The default: the roofline of step_time.hpp.
inline TypedSpec default_step_time() { return TypedSpec{"roofline", {}}; }

// The model that times a batching server's iterations.
using IterationTimer = std::variant<StepTimeModel, MeasuredStepModel>;

inline double iteration_seconds(const IterationTimer& t, const Batch& b) {
  return std::visit([&b](const auto& m) { return m.time(b); }, t);
}
inline DecodeLines iteration_decode_lines(const IterationTimer& t, double decode_seqs) {
  return std::visit([decode_seqs](const auto& m) { return m.decode_lines(decode_seqs); }, t);
}

}  // namespace opgsim::gpu
