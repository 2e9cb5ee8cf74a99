// Unit tests of the roofline step time: limits, monotonicity, KV arithmetic, precision and TP.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <string>

#include "models/common/input_error.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/step_time.hpp"

using namespace opgsim::gpu;
using testing::catalog;

namespace {
StepTimeModel model(const char* gpu, const char* m, Precision p = Precision::Bf16, std::uint32_t tp = 1) {
  StepParams sp;
  sp.precision = p;
  sp.tp = tp;
  return StepTimeModel(catalog().gpu(gpu), catalog().model(m), sp);
}
Batch decode(double seqs, double context) {
  Batch b;
  b.add_decode(seqs, context);
  return b;
}
Batch prefill(double n) {
  Batch b;
  b.add_prefill(n);
  return b;
}
}  // namespace

TEST_CASE("decode at batch 1 is the weight read time plus overhead") {
  const StepTimeModel s = model("h100-sxm", "llama-3.1-8b");
  const double weights_s = 2.0 * 8030261248.0 / (0.8 * 3.35e12);
  const StepCost c = s.cost(decode(1, 100));
  CHECK(c.memory_s > c.compute_s);
  CHECK(c.allreduce_s == 0);
  CHECK(s.time(decode(1, 100)) - 0.003 == doctest::Approx(weights_s).epsilon(0.002));
  // ~6 ms + 3 ms overhead: the same order as the measured 6.5 ms TPOT at concurrency 1.
  CHECK(s.time(decode(1, 100)) == doctest::Approx(0.009).epsilon(0.05));
}

TEST_CASE("prefill of a long prompt approaches 2 * params * tokens / FLOP/s") {
  const StepTimeModel s = model("h100-sxm", "llama-3.1-8b");
  const double n = 4096;
  const double linear_s = 2.0 * 8030261248.0 * n / (0.5 * 989e12);
  const StepCost c = s.cost(prefill(n));
  CHECK(c.compute_s > c.memory_s);
  // Causal attention adds 4 * layers * hidden * n (n + 1) / 2 FLOPs: 6.5% at 4k tokens.
  const double attn_s = 4.0 * 32 * 4096 * (n * (n + 1) / 2) / (0.5 * 989e12);
  CHECK(c.compute_s == doctest::Approx(linear_s + attn_s).epsilon(1e-12));
  CHECK(c.compute_s / linear_s > 1.0);
  CHECK(c.compute_s / linear_s < 1.08);
}

TEST_CASE("step time is monotonic in batch size and context") {
  const StepTimeModel s = model("a100-80gb", "llama-2-7b");
  double prev = 0;
  for (double d = 1; d <= 512; d *= 2) {
    const double t = s.time(decode(d, d * 500));
    CHECK(t > prev);
    prev = t;
  }
  prev = 0;
  for (double ctx = 1; ctx <= 1e6; ctx *= 4) {
    const double t = s.time(decode(32, ctx));
    CHECK(t > prev);
    prev = t;
  }
  CHECK(s.time(prefill(2000)) > s.time(prefill(1000)));
}

TEST_CASE("KV capacity by hand: llama-3.1-8b on h100-sxm") {
  const StepTimeModel s = model("h100-sxm", "llama-3.1-8b");
  CHECK(s.kv_bytes_per_token() == 2.0 * 32 * 8 * 128 * 2);  // 131072 B: K and V, 32 layers, 8 KV heads
  CHECK(s.weight_bytes() == 16060522496.0);
  // (0.9 * 80e9 - 16060522496) / 131072 = 426784.34
  CHECK(s.kv_capacity_tokens(0.9) == 426784);
  CHECK(model("h100-sxm", "llama-3.1-8b", Precision::Bf16, 2).kv_capacity_tokens(0.9) == 976100);
}

TEST_CASE("weights that do not fit are an input error naming the gpu and model") {
  const StepTimeModel s = model("h100-sxm", "llama-3.3-70b");
  CHECK_THROWS_WITH_AS(s.kv_capacity_tokens(0.9), doctest::Contains("llama-3.3-70b"), opgsim::InputError);
  CHECK_THROWS_WITH_AS(s.kv_capacity_tokens(0.9), doctest::Contains("h100-sxm"), opgsim::InputError);
  CHECK_THROWS_AS(model("l4", "llama-3.1-8b", Precision::Bf16, 3), opgsim::InputError);  // 32 heads / 3
}

TEST_CASE("fp8 halves weight bytes and uses fp8 tensor cores where they exist") {
  const StepTimeModel b = model("h100-sxm", "llama-3.1-8b", Precision::Bf16);
  const StepTimeModel f = model("h100-sxm", "llama-3.1-8b", Precision::Fp8);
  CHECK(f.weight_bytes() == b.weight_bytes() / 2);
  CHECK(f.kv_bytes_per_token() == b.kv_bytes_per_token());  // KV cache stays 16-bit
  CHECK(f.effective_flops() == 0.5 * 1979e12);
  CHECK(f.cost(decode(1, 1)).memory_s == doctest::Approx(b.cost(decode(1, 1)).memory_s / 2).epsilon(1e-4));
  // A100 has no FP8 tensor cores: weight-only fp8, compute at the 16-bit rate.
  const StepTimeModel a = model("a100-80gb", "llama-3.1-8b", Precision::Fp8);
  CHECK(a.effective_flops() == model("a100-80gb", "llama-3.1-8b").effective_flops());
  CHECK(parse_precision("fp8") == Precision::Fp8);
  CHECK_THROWS_AS(parse_precision("int4"), opgsim::InputError);
}

TEST_CASE("tensor parallelism splits compute and memory and adds the all-reduce") {
  const StepTimeModel one = model("h100-sxm", "llama-3.1-8b", Precision::Bf16, 1);
  const StepTimeModel two = model("h100-sxm", "llama-3.1-8b", Precision::Bf16, 2);
  const Batch b = decode(16, 16 * 1000);
  CHECK(two.cost(b).memory_s == doctest::Approx(one.cost(b).memory_s / 2).epsilon(1e-12));
  CHECK(two.cost(b).compute_s == doctest::Approx(one.cost(b).compute_s / 2).epsilon(1e-12));
  CHECK(one.cost(b).allreduce_s == 0);
  // 2 all-reduces x 32 layers of 16 tokens x 4096 x 2 B, ring factor 2 (2 - 1) / 2 = 1, at 450 GB/s.
  CHECK(two.cost(b).allreduce_s == doctest::Approx(2.0 * 32 * 16 * 4096 * 2 / 450e9).epsilon(1e-12));
  CHECK(two.time(b) < one.time(b));
}

TEST_CASE("decode_lines reproduce cost() for decode-only batches") {
  const StepTimeModel s = model("h100-sxm", "llama-3.3-70b", Precision::Fp8, 2);
  for (double d : {1.0, 7.0, 256.0}) {
    const DecodeLines l = s.decode_lines(d);
    for (double ctx : {d, d * 300, d * 8000}) {
      const double lines = l.fixed_s + std::max(l.compute_base_s + l.compute_per_ctx_s * ctx,
                                                l.memory_base_s + l.memory_per_ctx_s * ctx);
      CHECK(lines == doctest::Approx(s.time(decode(d, ctx))).epsilon(1e-13));
    }
  }
}

TEST_CASE("per_sequence_overhead_s adds per sequence in the iteration, prefilling or decoding") {
  StepParams sp;
  sp.per_sequence_overhead_s = 0.0004;
  const StepTimeModel with(catalog().gpu("h100-sxm"), catalog().model("llama-3.1-8b"), sp);
  const StepTimeModel without = model("h100-sxm", "llama-3.1-8b");
  CHECK(with.time(decode(10, 5000)) - without.time(decode(10, 5000)) == doctest::Approx(10 * 0.0004));
  Batch mixed = decode(3, 900);
  mixed.add_prefill(100);
  mixed.add_prefill(50);
  CHECK(mixed.prefill_seqs == 2);
  CHECK(with.time(mixed) - without.time(mixed) == doctest::Approx(5 * 0.0004));
  // Inside DecodeLines.fixed_s, so the batching server's closed form includes it.
  CHECK(with.decode_lines(10).fixed_s - without.decode_lines(10).fixed_s == doctest::Approx(10 * 0.0004));
  sp.per_sequence_overhead_s = -1;
  CHECK_THROWS_AS(StepTimeModel(catalog().gpu("h100-sxm"), catalog().model("llama-3.1-8b"), sp), opgsim::InputError);
}
