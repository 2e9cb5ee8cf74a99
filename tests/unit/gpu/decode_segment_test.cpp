// Unit tests of the closed-form decode run: sums and inverses agree with stepping one iteration
// at a time, on both sides of a compute/memory crossover.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "models/common/rng.hpp"
#include "models/gpu/decode_segment.hpp"

using namespace opgsim::gpu;

namespace {
double step(const DecodeLines& l, double ctx) {
  return l.fixed_s + std::max(l.compute_base_s + l.compute_per_ctx_s * ctx, l.memory_base_s + l.memory_per_ctx_s * ctx);
}

void check_against_stepping(const DecodeLines& l, double d, double c0, double t0, int n_max) {
  DecodeSegment seg;
  seg.start(t0, l, d, c0);
  double t = t0;
  for (int n = 0; n <= n_max; ++n) {
    CHECK(seg.time_at(n) == doctest::Approx(t).epsilon(1e-12));
    if (n > 0) CHECK(seg.time_at(n) >= seg.time_at(n - 1));
    t += step(l, c0 + d * n);
  }
  opgsim::Rng rng(42);
  for (int i = 0; i < 2000; ++i) {
    const double x = seg.time_at(0) + rng.uniform01() * (seg.time_at(n_max) - seg.time_at(0));
    const std::uint64_t n = seg.iterations_started_by(x);
    CHECK(seg.time_at(n) <= x);
    CHECK(seg.time_at(n + 1) > x);
  }
  for (int n = 0; n <= n_max; n += 7) CHECK(seg.iterations_started_by(seg.time_at(n)) == static_cast<std::uint64_t>(n));
}
}  // namespace

TEST_CASE("a memory-bound run matches stepping") {
  // 8B on H100-like numbers: memory-bound at batch 8.
  const DecodeLines l{0.003, 8 * 3.2e-5, 1.06e-9, 5.99e-3, 4.89e-8};
  DecodeSegment seg;
  seg.start(10.0, l, 8, 8 * 600);
  CHECK(seg.crossover() == UINT64_MAX);
  check_against_stepping(l, 8, 8 * 600, 10.0, 3000);
}

TEST_CASE("a run that turns from compute-bound to memory-bound matches stepping") {
  // Compute-bound at short contexts (big batch), the KV reads overtake as contexts grow.
  const DecodeLines l{0.001, 0.02, 1e-9, 0.006, 5e-8};
  DecodeSegment seg;
  const double d = 256, c0 = 256 * 50;
  seg.start(1234.5, l, d, c0);
  // compute(j) = 0.02 + 1e-9 (c0 + d j), memory(j) = 0.006 + 5e-8 (c0 + d j): cross near j = 1066.
  REQUIRE(seg.crossover() != UINT64_MAX);
  const double q = (0.02 + 1e-9 * c0 - 0.006 - 5e-8 * c0) / (5e-8 * d - 1e-9 * d);
  CHECK(seg.crossover() == static_cast<std::uint64_t>(std::floor(q)) + 1);
  check_against_stepping(l, d, c0, 1234.5, 3000);
}

TEST_CASE("a run that stays compute-bound matches stepping") {
  const DecodeLines l{0.0, 0.05, 2e-9, 0.001, 1e-9};
  DecodeSegment seg;
  seg.start(0.0, l, 100, 100);
  CHECK(seg.crossover() == UINT64_MAX);
  check_against_stepping(l, 100, 100, 0.0, 1000);
}
