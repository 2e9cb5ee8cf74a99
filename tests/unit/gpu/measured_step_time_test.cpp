// Unit tests of the `measured` step-time model: whole iterations against the measured kernel
// rows kept in the shipped tables (within 5 %), hand-computed interpolation on a tiny table,
// the decode lines, and table validation.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "models/common/input_error.hpp"
#include "models/gpu/kernel_table.hpp"
#include "models/gpu/measured_step_time.hpp"

using namespace opgsim::gpu;

namespace {

const KernelTable& table(const std::string& name) {
  static std::map<std::string, KernelTable> cache;
  auto it = cache.find(name);
  if (it == cache.end())
    it = cache.emplace(name, KernelTable::load(OPGSIM_SOURCE_DIR "/models/gpu/kernels/" + name + ".json")).first;
  return it->second;
}

// Kernels only: the tables hold no LM head and no host time.
MeasuredStepModel kernels_only(const KernelTable& t) {
  MeasuredParams p;
  p.lm_head = false;
  return MeasuredStepModel(t, p);
}

const LinearAnchor& linear_at(const KernelTable& t, double tokens) {
  for (const LinearAnchor& a : t.linear_anchors)
    if (a.tokens == tokens) return a;
  FAIL("no linear anchor at " << tokens << " tokens");
  throw 0;
}

const AttentionAnchor& attention_at(const KernelTable& t, bool decode, double size, double kv) {
  for (const AttentionAnchor& a : t.attention_anchors)
    if (a.decode == decode && (decode ? a.batch : a.chunk) == size && a.kv == kv) return a;
  FAIL("no attention anchor " << (decode ? "decode " : "prefill ") << size << " at kv " << kv);
  throw 0;
}

// The measured iteration: every layer's operators at the iteration's token count plus its
// attention, plus the once-per-iteration operators, straight from the unthinned profile rows.
double measured_s(const KernelTable& t, double tokens, double attention_us_per_layer) {
  const LinearAnchor& l = linear_at(t, tokens);
  return (t.layers * (l.per_layer_us + attention_us_per_layer) + l.per_iteration_us) * 1e-6;
}

double rel_err(double model, double measured) { return (model - measured) / measured; }

KernelTable tiny_table() {
  KernelTable t;
  t.file = "tiny.json";
  t.gpu = "tiny-gpu";
  t.model = "tiny-model";
  t.layers = 2;
  t.hidden_size = 4;
  t.vocab_size = 10;
  t.linear = {{1, 101}, {10, 110}, {1, 2}};
  t.gemm = {80, 160};
  t.decode = {20, 10, 0.001, 5};
  t.prefill = {{100, 300}, {10, 50}, {0.01, 0.03}, {7, 9}};
  return t;
}

}  // namespace

TEST_CASE("measured A100 decode at batch 1, 8, 32 and 64 with 1024 cached tokens is within 5 % of the kernel rows") {
  const KernelTable& t = table("a100-80gb_llama-3.1-8b");
  REQUIRE(t.attention_measured);
  const MeasuredStepModel m = kernels_only(t);
  for (const double b : {1.0, 8.0, 32.0, 64.0}) {
    Batch batch;
    batch.add_decode(b, b * 1024);
    const double want = measured_s(t, b, attention_at(t, true, b, 1024).attention_us);
    const double err = rel_err(m.time(batch), want);
    INFO("batch " << b << ": model " << m.time(batch) * 1e3 << " ms, measured " << want * 1e3 << " ms, error " << err * 100 << " %");
    CHECK(std::abs(err) < 0.05);
  }
}

TEST_CASE("measured A100 prefill of 512 and 2048 fresh tokens is within 5 % of the kernel rows") {
  const KernelTable& t = table("a100-80gb_llama-3.1-8b");
  const MeasuredStepModel m = kernels_only(t);
  for (const double n : {512.0, 2048.0}) {
    Batch batch;
    batch.add_prefill(n);
    const double want = measured_s(t, n, attention_at(t, false, n, 0).attention_us);
    const double err = rel_err(m.time(batch), want);
    INFO("prefill " << n << ": model " << m.time(batch) * 1e3 << " ms, measured " << want * 1e3 << " ms, error " << err * 100 << " %");
    CHECK(std::abs(err) < 0.05);
  }
}

TEST_CASE("measured A100 chunked prefill of the k-th 512-token chunk for k 1 to 8 is within 5 % of the kernel rows") {
  const KernelTable& t = table("a100-80gb_llama-3.1-8b");
  const MeasuredStepModel m = kernels_only(t);
  for (int k = 1; k <= 8; ++k) {
    const double prior = 512.0 * (k - 1);
    Batch batch;
    batch.add_prefill(512, prior);
    const double want = measured_s(t, 512, attention_at(t, false, 512, prior).attention_us);
    const double err = rel_err(m.time(batch), want);
    INFO("chunk " << k << ": model " << m.time(batch) * 1e3 << " ms, measured " << want * 1e3 << " ms, error " << err * 100 << " %");
    CHECK(std::abs(err) < 0.05);
  }
}

TEST_CASE("measured A100 batch of k fresh 512-token prompts for k 1 to 8 is within 5 % of the kernel rows") {
  const KernelTable& t = table("a100-80gb_llama-3.1-8b");
  const MeasuredStepModel m = kernels_only(t);
  for (int k = 1; k <= 8; ++k) {
    Batch batch;
    for (int i = 0; i < k; ++i) batch.add_prefill(512);
    const double want = measured_s(t, 512.0 * k, k * attention_at(t, false, 512, 0).attention_us);
    const double err = rel_err(m.time(batch), want);
    INFO(k << " x 512: model " << m.time(batch) * 1e3 << " ms, measured " << want * 1e3 << " ms, error " << err * 100 << " %");
    CHECK(std::abs(err) < 0.05);
  }
}

TEST_CASE("measured linear kernels of every shipped table are within 5 % of their rows at the checked token counts") {
  for (const char* name : {"a100-80gb_llama-3.1-8b", "a100-80gb_llama-2-7b", "h100-sxm_llama-2-7b"}) {
    const KernelTable& t = table(name);
    const MeasuredStepModel m = kernels_only(t);
    CHECK(t.linear_anchors.size() >= 12);
    for (const LinearAnchor& a : t.linear_anchors) {
      const double want = (t.layers * a.per_layer_us + a.per_iteration_us) * 1e-6;
      INFO(name << " at " << a.tokens << " tokens: model " << m.linear_s(a.tokens) * 1e3 << " ms, measured " << want * 1e3 << " ms");
      CHECK(std::abs(rel_err(m.linear_s(a.tokens), want)) < 0.05);
    }
  }
}

TEST_CASE("shipped kernel tables name catalog entries and stay small") {
  for (const char* name : {"a100-80gb_llama-3.1-8b", "a100-80gb_llama-2-7b", "h100-sxm_llama-2-7b"}) {
    const KernelTable& t = table(name);
    CHECK_NOTHROW(testing::catalog().gpu(t.gpu));
    const ModelSpec& spec = testing::catalog().model(t.model);
    CHECK(t.layers == spec.layers);
    CHECK(t.hidden_size == spec.hidden_size);
    // Vidur profiled Llama-2 with its vocabulary padded to 32768 (the checkpoint has 32000).
    CHECK(std::abs(double(t.vocab_size) - spec.vocab_size) <= 0.03 * spec.vocab_size);
    std::ifstream f(t.file, std::ios::binary | std::ios::ate);
    CHECK(f.tellg() < 32 * 1024);
  }
  // Only the A100 Llama-3 attention is measured; the others say they are scaled.
  CHECK_FALSE(table("h100-sxm_llama-2-7b").attention_measured);
  CHECK_FALSE(table("a100-80gb_llama-2-7b").attention_measured);
  CHECK(default_kernel_table_path("h100-sxm", "llama-2-7b").ends_with("models/gpu/kernels/h100-sxm_llama-2-7b.json"));
}

TEST_CASE("interpolate is piecewise linear and extends its end segments") {
  const std::vector<double> xs{1, 3, 7};
  const std::vector<double> ys{10, 30, 50};
  CHECK(interpolate(xs, ys, 2) == doctest::Approx(20));
  CHECK(interpolate(xs, ys, 3) == doctest::Approx(30));
  CHECK(interpolate(xs, ys, 5) == doctest::Approx(40));
  CHECK(interpolate(xs, ys, 9) == doctest::Approx(60));  // last segment's slope, 5 per unit
  CHECK(interpolate(xs, ys, 0) == doctest::Approx(0));   // first segment's slope, 10 per unit
  CHECK(interpolate({4}, {8}, 100) == 8);
}

TEST_CASE("hand-computed linear, decode and prefill terms on a tiny table") {
  const MeasuredStepModel m(tiny_table());
  // 51 tokens: per layer 10 + 50 * (100 / 100) = 60 us, per iteration 1.5 us, 2 layers.
  CHECK(m.linear_s(51) == doctest::Approx(121.5e-6));
  CHECK(m.linear_s(0) == 0);
  CHECK(m.linear_s(0.5) == doctest::Approx(m.linear_s(1)));
  // Decode: max(20, 10 + 0.001 C) us per layer.
  CHECK(m.decode_attention_s(2, 4000) == doctest::Approx(2 * 20e-6));   // floor
  CHECK(m.decode_attention_s(2, 20000) == doctest::Approx(2 * 30e-6));  // line
  CHECK(m.decode_attention_s(0, 20000) == 0);
  // Prefill chunk 200 after 1000 cached tokens: base 30 + 0.02 * 1000 = 50 us per layer.
  CHECK(m.prefill_attention_s(200, 1000) == doctest::Approx(2 * 50e-6));
  // Below the smallest profiled chunk the smallest chunk's terms apply.
  CHECK(m.prefill_attention_s(50, 1000) == doctest::Approx(2 * 20e-6));
  // LM head: max(2 * 40 B / 80 B/s, 2 * n * 40 / 160 FLOP/s).
  CHECK(m.lm_head_s(1) == doctest::Approx(1.0));
  CHECK(m.lm_head_s(4) == doctest::Approx(2.0));
}

TEST_CASE("an iteration adds host time, kernels and one LM head per sampling sequence") {
  MeasuredParams p;
  p.cpu_overhead_s = 0.5;
  p.per_sequence_overhead_s = 0.25;
  const MeasuredStepModel m(tiny_table(), p);
  Batch b;
  b.add_prefill(200, 1000);
  b.add_decode(2, 20000);
  const MeasuredCost c = m.cost(b);
  CHECK(c.cpu_s == doctest::Approx(0.5 + 0.25 * 3));
  CHECK(c.linear_s == doctest::Approx(m.linear_s(202)));
  CHECK(c.attention_s == doctest::Approx(2 * 30e-6 + 2 * 50e-6));
  CHECK(c.lm_head_s == doctest::Approx(m.lm_head_s(3)));
  CHECK(m.time(b) == doctest::Approx(c.cpu_s + c.linear_s + c.attention_s + c.lm_head_s));
  // Two equal chunks cost twice one chunk's attention.
  Batch two;
  two.add_prefill(200, 1000);
  two.add_prefill(200, 1000);
  CHECK(m.cost(two).attention_s == doctest::Approx(2 * m.prefill_attention_s(200, 1000)));
}

TEST_CASE("the LM head is charged per sequence not per prompt token") {
  const MeasuredStepModel m(table("a100-80gb_llama-3.1-8b"));
  Batch one_prompt;
  one_prompt.add_prefill(2048);
  Batch one_decode;
  one_decode.add_decode(1, 2048);
  CHECK(m.cost(one_prompt).lm_head_s == doctest::Approx(m.cost(one_decode).lm_head_s));
  // At one sequence the LM head streams its 128256 x 4096 16-bit weights once.
  CHECK(m.cost(one_decode).lm_head_s ==
        doctest::Approx(2.0 * 4096 * 128256 / table("a100-80gb_llama-3.1-8b").gemm.weight_bytes_per_s));
}

TEST_CASE("the KV-cache write is added only when asked for") {
  MeasuredParams p;
  p.kv_cache_save = true;
  const MeasuredStepModel with(tiny_table(), p);
  const MeasuredStepModel without(tiny_table());
  CHECK(with.decode_attention_s(2, 4000) - without.decode_attention_s(2, 4000) == doctest::Approx(2 * 5e-6));
  CHECK(with.prefill_attention_s(200, 0) - without.prefill_attention_s(200, 0) == doctest::Approx(2 * 8e-6));
}

TEST_CASE("measured decode lines reproduce the decode iteration time") {
  MeasuredParams p;
  p.cpu_overhead_s = 1e-4;
  p.per_sequence_overhead_s = 1e-5;
  p.kv_cache_save = true;
  const MeasuredStepModel m(table("a100-80gb_llama-3.1-8b"), p);
  for (const double d : {1.0, 3.0, 16.0, 100.0}) {
    const DecodeLines l = m.decode_lines(d);
    for (const double c : {10.0, 1000.0, 50000.0, 400000.0}) {
      Batch b;
      b.add_decode(d, c);
      const double lines = l.fixed_s + std::max(l.compute_base_s + l.compute_per_ctx_s * c, l.memory_base_s + l.memory_per_ctx_s * c);
      CHECK(lines == doctest::Approx(m.time(b)).epsilon(1e-12));
    }
  }
}

TEST_CASE("measured iteration time grows with batch, context and prompt") {
  const MeasuredStepModel m(table("a100-80gb_llama-3.1-8b"));
  double last = 0;
  for (const double b : {1.0, 8.0, 32.0, 64.0, 128.0}) {
    Batch batch;
    batch.add_decode(b, b * 1024);
    CHECK(m.time(batch) > last);
    last = m.time(batch);
  }
  Batch short_ctx, long_ctx;
  short_ctx.add_decode(32, 32 * 512);
  long_ctx.add_decode(32, 32 * 4096);
  CHECK(m.time(long_ctx) > m.time(short_ctx));
  Batch p512, p2048;
  p512.add_prefill(512);
  p2048.add_prefill(2048);
  CHECK(m.time(p2048) > 3.5 * m.time(p512));
}

TEST_CASE("kernel table validation names the file and the field") {
  const std::string good = R"({"gpu": "g", "model": "m", "layers": 2,
    "model_shape": {"hidden_size": 4, "vocab_size": 10},
    "linear": {"tokens": [1, 2], "per_layer_us": [1, 2], "per_iteration_us": [0, 0]},
    "gemm": {"weight_bytes_per_s": 1, "flops_per_s": 1},
    "attention": {"measured": true, "decode": {"floor_us": 1, "intercept_us": 1, "per_kv_token_us": 0, "kv_save_us": 0},
                  "prefill": {"chunk": [64], "base_us": [1], "per_kv_us": [0], "kv_save_us": [0]}}})";
  CHECK_NOTHROW(KernelTable::parse(good, "t.json"));
  const auto fails_with = [&](const std::string& from, const std::string& to, const std::string& what) {
    std::string bad = good;
    bad.replace(bad.find(from), from.size(), to);
    try {
      KernelTable::parse(bad, "t.json");
      FAIL("no error for " << to);
    } catch (const opgsim::InputError& e) {
      CHECK(std::string(e.what()).find(what) != std::string::npos);
    }
  };
  fails_with("\"tokens\": [1, 2]", "\"tokens\": [2, 1]", "t.json: linear.tokens[1]: grid must be strictly increasing");
  fails_with("\"per_layer_us\": [1, 2]", "\"per_layer_us\": [1]", "linear.per_layer_us: expected 2 values");
  fails_with("\"floor_us\": 1", "\"floor_us\": -1", "attention.decode.floor_us: expected a number >= 0");
  fails_with("\"measured\": true", "\"measured\": 1", "attention.measured: expected true or false");
  fails_with("\"layers\": 2", "\"layers\": 2.5", "layers: expected a positive integer");
  CHECK_THROWS_AS(KernelTable::parse("{", "t.json"), opgsim::InputError);
  CHECK_THROWS_AS(MeasuredStepModel(tiny_table(), MeasuredParams{-1, 0, true, false}), opgsim::InputError);
}

TEST_CASE("load_measured_step_model finds the shipped table and refuses what it cannot model") {
  const MeasuredStepModel m = load_measured_step_model("h100-sxm", "llama-2-7b", 1);
  CHECK(m.table().gpu == "h100-sxm");
  CHECK(m.table().model == "llama-2-7b");
  CHECK_THROWS_AS(load_measured_step_model("h100-sxm", "llama-2-7b", 2), opgsim::InputError);
  CHECK_THROWS_AS(load_measured_step_model("l4", "llama-2-7b", 1), opgsim::InputError);
  CHECK_THROWS_AS(load_measured_step_model("a100-80gb", "llama-2-7b", 1, {},
                                           OPGSIM_SOURCE_DIR "/models/gpu/kernels/h100-sxm_llama-2-7b.json"),
                  opgsim::InputError);
}
