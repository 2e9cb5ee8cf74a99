// Tests of the kernel check points and of the Markdown comparison; with OPGSIM_KERNELS_MD set,
// the report test also writes that file (how results/gpu-validation/kernels.md is generated):
//   OPGSIM_KERNELS_MD=results/gpu-validation/kernels.md build/test_gpu -tc="kernel validation report*"
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "models/gpu/kernel_validation.hpp"

using namespace opgsim::gpu;

namespace {
KernelTable load(const char* name) {
  return KernelTable::load(std::string(OPGSIM_SOURCE_DIR "/models/gpu/kernels/") + name + ".json");
}
}  // namespace

TEST_CASE("kernel check points cover decode, prefill, chunks and batched prompts where attention is measured") {
  const KernelTable a100 = load("a100-80gb_llama-3.1-8b");
  const std::vector<KernelCheckPoint> points = kernel_check_points(a100);
  CHECK(points.size() == 4 + 2 + 7 + 7);
  for (const KernelCheckPoint& p : points) CHECK(p.measured_s > 0);
  // Decode at batch 1: 32 layers of 305 us of operators and 24 us of attention, plus 3 us.
  CHECK(points.front().label == "decode batch 1, kv 1024");
  CHECK(points.front().measured_s == doctest::Approx((32 * (305.0 + 24.0) + 3.0) * 1e-6));
  CHECK(kernel_check_points(load("h100-sxm_llama-2-7b")).empty());
}

TEST_CASE("measured model kernels are within 5 % at every kernel check point") {
  const KernelTable a100 = load("a100-80gb_llama-3.1-8b");
  MeasuredParams p;
  p.lm_head = false;
  const MeasuredStepModel m(a100, p);
  for (const KernelCheckPoint& c : kernel_check_points(a100)) {
    const double err = (m.time(c.batch) - c.measured_s) / c.measured_s;
    INFO(c.label << ": " << err * 100 << " %");
    CHECK(std::abs(err) < 0.05);
  }
}

TEST_CASE("kernel validation report lists every point with signed errors") {
  const KernelTable a100 = load("a100-80gb_llama-3.1-8b");
  const MeasuredStepModel measured(a100);
  const StepTimeModel roofline = testing::step_model("a100-80gb", "llama-3.1-8b");
  const std::vector<KernelCheckPoint> points = kernel_check_points(a100);
  const std::string md = kernel_validation_markdown(a100, points, measured, roofline);
  CHECK(md.find("### a100-80gb llama-3.1-8b (a100-80gb_llama-3.1-8b.json)") == 0);
  for (const KernelCheckPoint& p : points) CHECK(md.find("| " + p.label + " |") != std::string::npos);

  if (const char* out = std::getenv("OPGSIM_KERNELS_MD"); out != nullptr && *out != '\0') {
    std::ofstream f(out);
    f << "# Step-time models against measured GPU kernels\n\n"
         "Whole scheduler iterations rebuilt from the measured per-operator rows of Microsoft Vidur's public\n"
         "A100 profile of Meta-Llama-3-8B (layer shapes of Llama-3.1-8B; provenance and licence in\n"
         "`models/gpu/kernels/README.md`): 32 layers x (linear operators at the iteration's token count +\n"
         "attention) + the embedding, at tensor parallelism 1. The profile holds no LM head and no host time.\n"
         "Signed errors (model - measured) / measured of:\n\n"
         "* the `measured` step-time model (`models/gpu/measured_step_time.hpp`), kernels only, which\n"
         "  interpolates the thinned table and uses the fitted attention terms;\n"
         "* the same with its LM head (once per sampling sequence), as it runs by default;\n"
         "* the default roofline (`models/gpu/step_time.hpp`, default StepParams: compute efficiency 0.5,\n"
         "  bandwidth efficiency 0.8, 3 ms per iteration, catalog a100-80gb, bf16), unchanged.\n\n"
         "Regenerate with\n\n"
         "    OPGSIM_KERNELS_MD=results/gpu-validation/kernels.md build/test_gpu -tc=\"kernel validation report*\"\n\n"
      << md;
    CHECK(f.good());
  }
}
