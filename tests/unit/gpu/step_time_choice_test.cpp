// The step-time model as a choice: the registry (roofline, measured, nothing else), a batching
// server timed by the measured model, and the roofline server unchanged by the choice.
#include <doctest/doctest.h>

#include "catalog_fixture.hpp"

#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/batching_server.hpp"
#include "models/gpu/step_time_choice.hpp"
#include "models/service/service_model.hpp"

using namespace opgsim;
using namespace opgsim::gpu;

namespace {
std::string input_error(const TypedSpec& spec) {
  try {
    make_step_time_choice(spec);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// One request alone: the times of its Started, FirstToken and Done.
std::vector<double> one_request(service::ServiceModel& m, std::uint32_t prompt, std::uint32_t output) {
  m.admit(service::Job{1, prompt, output}, 0);
  std::vector<service::ServiceEvent> ev;
  while (m.next_event_time() < service::kNever) m.advance(m.next_event_time(), ev);
  std::vector<double> t;
  for (const auto& e : ev) t.push_back(e.time);
  return t;
}
}  // namespace

TEST_CASE("the step-time registry has roofline and measured, and refuses anything else") {
  CHECK(make_step_time_choice(default_step_time()).kind == StepTimeChoice::Kind::Roofline);
  const StepTimeChoice m = make_step_time_choice(TypedSpec{"measured", ParamValues().set("lm_head", 0)});
  CHECK(m.kind == StepTimeChoice::Kind::Measured);
  CHECK(!m.lm_head);
  CHECK(!m.kv_cache_save);
  CHECK(input_error(TypedSpec{"vidur", {}}) == "unknown step_time type 'vidur' (known: roofline, measured)");
  CHECK(input_error(TypedSpec{"roofline", ParamValues().set("lm_head", 1)}) ==
        "step_time 'roofline' has no parameter 'lm_head'");
}

TEST_CASE("a batching server timed by the measured model takes its iteration times from it") {
  const KernelTable table = KernelTable::load(OPGSIM_SOURCE_DIR "/models/gpu/kernels/a100-80gb_llama-3.1-8b.json");
  MeasuredParams p;
  p.cpu_overhead_s = 0.001;
  const MeasuredStepModel measured(table, p);
  const StepTimeModel memory = testing::step_model("a100-80gb", "llama-3.1-8b");
  BatchingServer server(memory, IterationTimer{measured}, BatchingConfig{});
  CHECK(server.kv_capacity_tokens() == memory.kv_capacity_tokens(0.9));  // the cache is the catalog's
  const std::vector<double> t = one_request(server, 512, 3);
  REQUIRE(t.size() == 3);
  Batch prefill;
  prefill.add_prefill(512);
  Batch decode;
  decode.add_decode(1, 513);
  const double first = measured.time(prefill);
  CHECK(t[1] == doctest::Approx(first).epsilon(1e-12));
  // Two decode iterations at contexts 513 and 514 (closed form over the decode lines).
  Batch decode2;
  decode2.add_decode(1, 514);
  CHECK(t[2] == doctest::Approx(first + measured.time(decode) + measured.time(decode2)).epsilon(1e-9));
}

TEST_CASE("make_service_model: roofline by default, measured when chosen, tp > 1 and fp8 refused for measured") {
  service::ServiceSpec s;
  s.type = service::ServiceSpec::Type::Gpu;
  s.gpu = "a100-80gb";
  s.model = "llama-3.1-8b";
  s.catalog_file = OPGSIM_SOURCE_DIR "/models/gpu/catalog.json";
  auto roofline = service::make_service_model(s, Rng::stream(1, "t"));
  BatchingServer direct(testing::step_model("a100-80gb", "llama-3.1-8b"), BatchingConfig{});
  CHECK(one_request(*roofline, 700, 20) == one_request(direct, 700, 20));  // bit for bit

  s.step_time = TypedSpec{"measured", {}};
  auto measured = service::make_service_model(s, Rng::stream(1, "t"));
  CHECK(one_request(*measured, 700, 20) != one_request(direct, 700, 20));
  s.precision = "fp8";
  CHECK_THROWS_AS(service::make_service_model(s, Rng::stream(1, "t")), InputError);
  s.precision = "bf16";
  s.gpus_per_node = 2;
  CHECK_THROWS_AS(service::make_service_model(s, Rng::stream(1, "t")), InputError);
}
