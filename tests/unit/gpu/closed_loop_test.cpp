// Unit tests of the closed-loop benchmark driver: at concurrency 1 TTFT and TPOT are single
// iterations computed by hand from the step-time model; more users load the batch.
#include <doctest/doctest.h>

#include "models/common/rng.hpp"
#include "models/gpu/catalog.hpp"
#include "models/gpu/closed_loop.hpp"
#include "models/gpu/step_time.hpp"
#include "models/service/service_model.hpp"

using namespace opgsim;
using namespace opgsim::gpu;

namespace {
service::ServiceSpec h100_8b() {
  service::ServiceSpec s;
  s.type = service::ServiceSpec::Type::Gpu;
  s.gpu = "h100-sxm";
  s.model = "llama-3.1-8b";
  s.catalog_file = OPGSIM_SOURCE_DIR "/models/gpu/catalog.json";
  return s;
}
ClosedLoopResult run(const service::ServiceSpec& s, std::uint32_t users, std::uint32_t prompt, std::uint32_t output,
                     double request_overhead_s = 0) {
  auto model = service::make_service_model(s, Rng::stream(1, "test"));
  ClosedLoopConfig cfg;
  cfg.users = users;
  cfg.prompt_tokens = prompt;
  cfg.output_tokens = output;
  cfg.request_overhead_s = request_overhead_s;
  return run_closed_loop(*model, cfg);
}
}  // namespace

TEST_CASE("closed loop at concurrency 1: TTFT is one prefill iteration, TPOT one decode of batch 1") {
  const service::ServiceSpec s = h100_8b();
  const ClosedLoopResult r = run(s, 1, 1000, 101);
  // By hand, with the defaults (eff_c 0.5, eff_b 0.8, overhead 3 ms), 989 TFLOP/s, 3.35 TB/s:
  // prefill of 1000 tokens is compute-bound: (2 P n + 4 L H d n (n + 1) / 2) / (0.5 * 989e12).
  const double P = 8030261248.0, n = 1000;
  const double prefill = 0.003 + (2 * P * n + 4.0 * 32 * 32 * 128 * n * (n + 1) / 2) / (0.5 * 989e12);
  CHECK(r.ttft_p50_s == doctest::Approx(prefill).epsilon(1e-9));
  CHECK(r.ttft_mean_s == doctest::Approx(prefill).epsilon(1e-9));
  // Decode iterations of batch 1 read the weights plus a growing KV cache; TPOT is their mean:
  // the context of decode step g (g = 1..100) is n + g tokens.
  double sum = 0;
  for (int g = 1; g <= 100; ++g) sum += 0.003 + (2 * P + 131072.0 * (n + g)) / (0.8 * 3.35e12);
  CHECK(r.tpot_p50_s == doctest::Approx(sum / 100).epsilon(1e-9));
  // The same from StepTimeModel directly, for one step in the middle.
  StepParams p;
  const StepTimeModel m(Catalog::load(s.catalog_file).gpu("h100-sxm"), Catalog::load(s.catalog_file).model("llama-3.1-8b"), p);
  Batch b;
  b.add_decode(1, n + 50);
  CHECK(r.tpot_p50_s == doctest::Approx(m.time(b)).epsilon(1e-3));
  CHECK(r.output_tok_per_s == doctest::Approx(101 / (prefill + sum)).epsilon(1e-6));
}

TEST_CASE("closed loop: more users share iterations, so TPOT grows and throughput grows more") {
  const service::ServiceSpec s = h100_8b();
  const ClosedLoopResult one = run(s, 1, 200, 128);
  const ClosedLoopResult many = run(s, 32, 200, 128);
  CHECK(many.tpot_p50_s > one.tpot_p50_s);
  CHECK(many.output_tok_per_s > 10 * one.output_tok_per_s);
  CHECK(many.measured == 640);
}

TEST_CASE("closed loop is deterministic, and per-sequence overhead shows in TPOT at large batches") {
  service::ServiceSpec s = h100_8b();
  const ClosedLoopResult a = run(s, 16, 100, 64);
  const ClosedLoopResult b = run(s, 16, 100, 64);
  CHECK(a.ttft_p50_s == b.ttft_p50_s);
  CHECK(a.tpot_mean_s == b.tpot_mean_s);
  s.per_sequence_overhead_s = 0.0005;
  const ClosedLoopResult c = run(s, 16, 100, 64);
  // Every decode iteration of 16 sequences grows by 16 x 0.5 ms.
  CHECK(c.tpot_p50_s - a.tpot_p50_s == doctest::Approx(16 * 0.0005).epsilon(0.05));
}

TEST_CASE("closed loop at concurrency 1: TTFT is request_overhead_s + one prefill iteration, TPOT unchanged") {
  const service::ServiceSpec s = h100_8b();
  const ClosedLoopResult base = run(s, 1, 1000, 101);
  const ClosedLoopResult r = run(s, 1, 1000, 101, 0.0075);
  const double P = 8030261248.0, n = 1000;
  const double prefill = 0.003 + (2 * P * n + 4.0 * 32 * 32 * 128 * n * (n + 1) / 2) / (0.5 * 989e12);
  CHECK(r.ttft_p50_s == doctest::Approx(0.0075 + prefill).epsilon(1e-9));
  CHECK(r.ttft_mean_s == doctest::Approx(0.0075 + prefill).epsilon(1e-9));
  // The front end uses no GPU time: the decode iterations are the same.
  CHECK(r.tpot_p50_s == doctest::Approx(base.tpot_p50_s).epsilon(1e-12));
  // Each cycle is longer by the overhead, so throughput drops.
  CHECK(r.output_tok_per_s < base.output_tok_per_s);
}

TEST_CASE("closed loop with request_overhead_s and many users: TTFT grows by at least the overhead") {
  const service::ServiceSpec s = h100_8b();
  const ClosedLoopResult a = run(s, 16, 100, 64);
  const ClosedLoopResult b = run(s, 16, 100, 64, 0.02);
  CHECK(b.ttft_p50_s >= a.ttft_p50_s + 0.02 - 0.005);
  CHECK(b.measured == a.measured);
  // Fewer users sit in the batch at once (part of each cycle is spent in the front end).
  CHECK(b.tpot_p50_s <= a.tpot_p50_s);
  const ClosedLoopResult c = run(s, 16, 100, 64, 0.02);
  CHECK(b.ttft_p50_s == c.ttft_p50_s);
}
