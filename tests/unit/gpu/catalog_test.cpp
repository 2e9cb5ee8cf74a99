// Unit tests of the GPU/model catalog: the built-in file loads, ids resolve, bad input is one line.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "models/common/input_error.hpp"
#include "models/gpu/catalog.hpp"
#include "models/service/service_model.hpp"

using namespace opgsim::gpu;
using opgsim::InputError;

namespace {
const std::string kCatalog = OPGSIM_SOURCE_DIR "/models/gpu/catalog.json";

std::string error_of(const std::string& text) {
  try {
    Catalog::parse(text, "cat.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

const char* kGpuOk = R"("name": "G", "memory_bytes": {"value": 1e9, "source": "s"},
  "hbm_bandwidth_bytes_per_s": {"value": 1e12, "source": "s"}, "fp16_flops": {"value": 1e14, "source": "s"},
  "bf16_flops": {"value": 1e14, "source": "s"}, "interconnect": "pcie",
  "interconnect_bytes_per_s": {"value": 3e10, "source": "s"})";
const char* kModelOk = R"("m": {"name": "M", "parameters": {"value": 1e9, "source": "s"},
  "layers": {"value": 2, "source": "s"}, "hidden_size": {"value": 64, "source": "s"},
  "intermediate_size": {"value": 128, "source": "s"}, "attention_heads": {"value": 4, "source": "s"},
  "kv_heads": {"value": 2, "source": "s"}, "head_dim": {"value": 16, "source": "s"},
  "vocab_size": {"value": 100, "source": "s"}})";

std::string catalog_with_gpu(const std::string& extra) {
  return std::string(R"({"gpus": {"g": {)") + kGpuOk + extra + "}}, \"models\": {" + kModelOk + "}}";
}
}  // namespace

TEST_CASE("the built-in catalog loads with every listed gpu and model") {
  const Catalog c = Catalog::load(kCatalog);
  CHECK(c.gpu_ids() == std::vector<std::string>{"a100-40gb", "a100-80gb", "h100-pcie", "h100-sxm", "l4", "rtx-4090"});
  CHECK(c.model_ids() == std::vector<std::string>{"llama-2-7b", "llama-3.1-8b", "llama-3.3-70b", "mistral-7b"});
  const GpuSpec& h = c.gpu("h100-sxm");
  CHECK(h.memory_bytes == 80e9);
  CHECK(h.hbm_bandwidth_bytes_per_s == 3.35e12);
  CHECK(h.bf16_flops == 989e12);
  CHECK(h.fp8_flops == 1979e12);
  CHECK(h.interconnect_bytes_per_s == 450e9);
  CHECK(c.gpu("a100-80gb").fp8_flops == 0);
  const ModelSpec& m = c.model("llama-3.1-8b");
  CHECK(m.layers == 32);
  CHECK(m.kv_heads == 8);
  CHECK(m.head_dim == 128);
  CHECK(m.vocab_size == 128256);
  // The parameter count follows from config.json: embeddings + 32 layers + untied lm_head.
  const double per_layer = 2.0 * 4096 * 4096 + 2.0 * 4096 * 1024 + 3.0 * 4096 * 14336 + 2 * 4096;
  CHECK(m.parameters == 2.0 * 128256 * 4096 + 32 * per_layer + 4096);
}

TEST_CASE("unknown ids list the known ones") {
  const Catalog c = Catalog::load(kCatalog);
  try {
    c.gpu("h200");
    FAIL("no throw");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          kCatalog + ": unknown gpu 'h200' (known: a100-40gb, a100-80gb, h100-pcie, h100-sxm, l4, rtx-4090)");
  }
  CHECK_THROWS_AS(c.model("gpt-5"), InputError);
}

TEST_CASE("bad catalogs fail with one line naming the file and JSON path") {
  CHECK(error_of(catalog_with_gpu("")).empty());
  std::string bad = catalog_with_gpu("");
  bad.replace(bad.find("1e9"), 3, "-5");
  CHECK(error_of(bad) == "cat.json: gpus.g.memory_bytes: expected a positive number");
  bad = catalog_with_gpu("");
  bad.replace(bad.find(R"("source": "s"})"), 14, R"("source": ""})");
  CHECK(error_of(bad) == "cat.json: gpus.g.memory_bytes.source: expected a non-empty source string");
  CHECK(error_of(catalog_with_gpu(R"(, "tdp_w": {"value": 700, "source": "s"})")) == "cat.json: gpus.g.tdp_w: unknown key");
  CHECK(error_of(catalog_with_gpu(R"(, "fp8_flops": 5)")).find("cat.json: gpus.g.fp8_flops: expected") == 0);
  std::string model_bad = catalog_with_gpu("");
  model_bad.replace(model_bad.find(R"("layers": {"value": 2)"), 21, R"("layers": {"value": 2.5)");
  CHECK(error_of(model_bad) == "cat.json: models.m.layers: expected a positive integer");
  CHECK(error_of("{\"gpus\": {}, \"models\": {}}") == "cat.json: gpus: expected a non-empty object of entries by id");
  CHECK(error_of("{\"gpus\": [}").find("cat.json: invalid JSON: ") == 0);
  CHECK(error_of(R"({"gpu": {}})") == "cat.json: gpu: unknown key");
  CHECK_THROWS_WITH_AS(Catalog::load("/nonexistent/c.json"), doctest::Contains("/nonexistent/c.json: cannot open"),
                       InputError);
}

TEST_CASE("catalog path resolution: explicit, then OPGSIM_CATALOG, then the default") {
  CHECK(resolve_catalog_path("x.json") == "x.json");
  ::setenv("OPGSIM_CATALOG", "/tmp/env.json", 1);
  CHECK(resolve_catalog_path("") == "/tmp/env.json");
  ::unsetenv("OPGSIM_CATALOG");
  CHECK_FALSE(resolve_catalog_path("").empty());
}

TEST_CASE("make_service_model reports unknown ids and models that do not fit") {
  opgsim::service::ServiceSpec spec;
  spec.type = opgsim::service::ServiceSpec::Type::Gpu;
  spec.catalog_file = kCatalog;
  spec.gpu = "h200";
  spec.model = "llama-3.1-8b";
  CHECK_THROWS_WITH_AS(opgsim::service::make_service_model(spec, opgsim::Rng(1)),
                       doctest::Contains("unknown gpu 'h200'"), InputError);
  spec.gpu = "h100-sxm";
  spec.model = "llama-3.3-70b";  // 141 GB of bf16 weights on one 80 GB GPU
  CHECK_THROWS_WITH_AS(opgsim::service::make_service_model(spec, opgsim::Rng(1)),
                       doctest::Contains("llama-3.3-70b"), InputError);
  spec.precision = "fp8";
  spec.gpus_per_node = 2;
  CHECK_NOTHROW(opgsim::service::make_service_model(spec, opgsim::Rng(1)));
  spec.precision = "int4";
  CHECK_THROWS_AS(opgsim::service::make_service_model(spec, opgsim::Rng(1)), InputError);
  // With the environment variable the built-in catalog is found from any directory.
  spec.precision = "bf16";
  spec.model = "llama-3.1-8b";
  spec.gpus_per_node = 1;
  spec.catalog_file.clear();
  ::setenv("OPGSIM_CATALOG", kCatalog.c_str(), 1);
  CHECK_NOTHROW(opgsim::service::make_service_model(spec, opgsim::Rng(1)));
  ::unsetenv("OPGSIM_CATALOG");
}

TEST_CASE("ServiceModelMaker reads the catalog once: its nodes' models need the file no more") {
  const std::string copy = "/tmp/opgsim-catalog-maker-test.json";
  std::system(("cp " + kCatalog + " " + copy).c_str());
  opgsim::service::ServiceSpec spec;
  spec.type = opgsim::service::ServiceSpec::Type::Gpu;
  spec.catalog_file = copy;
  spec.gpu = "h100-sxm";
  spec.model = "llama-3.1-8b";
  const opgsim::service::ServiceModelMaker maker(spec);
  std::remove(copy.c_str());
  // make_service_model reads the file each time, so it now fails; the maker's models do not.
  CHECK_THROWS_WITH_AS(opgsim::service::make_service_model(spec, opgsim::Rng(1)),
                       doctest::Contains("cannot open the GPU catalog"), InputError);
  const auto a = maker.make(opgsim::Rng(1));
  const auto b = maker.make(opgsim::Rng(2));
  REQUIRE(a != nullptr);
  REQUIRE(b != nullptr);
  CHECK(a.get() != b.get());  // each node its own state
  CHECK(a->slots() == spec.max_batch);
}
