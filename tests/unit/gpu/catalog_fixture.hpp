// The built-in GPU catalog and a step-time model from it, shared by the gpu unit tests.
#pragma once

#include "models/gpu/catalog.hpp"
#include "models/gpu/step_time.hpp"

namespace opgsim::gpu::testing {

inline const Catalog& catalog() {
  static const Catalog c = Catalog::load(OPGSIM_SOURCE_DIR "/models/gpu/catalog.json");
  return c;
}

inline StepTimeModel step_model(const char* gpu, const char* model, StepParams p = {}) {
  return StepTimeModel(catalog().gpu(gpu), catalog().model(model), p);
}

}  // namespace opgsim::gpu::testing
