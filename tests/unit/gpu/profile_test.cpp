// Unit tests of calibration profiles: a profile's parameters replace the scenario's, a profile
// for another setup is refused, and bad files are one-line errors.
#include <doctest/doctest.h>

#include "../config/temp_files.hpp"
#include "models/common/rng.hpp"
#include "models/gpu/closed_loop.hpp"
#include "models/gpu/profile.hpp"
#include "models/service/service_model.hpp"

using namespace opgsim;
using namespace opgsim::gpu;
using opgsim::testing::input_error;
using opgsim::testing::TempDir;

namespace {
Profile a_profile() {
  Profile p;
  p.gpu = "h100-sxm";
  p.model = "llama-3.1-8b";
  p.precision = "bf16";
  p.gpus_per_node = 1;
  p.params = FitParams{0.4, 0.9, 0.001, 0.0002, 0.0065};
  p.fitted_from = "m.csv";
  p.points.push_back(ProfilePoint{1, 45, 128, "tpot_s", 0.0065, 0.0066, 1.5});
  p.rms_relative_error = 0.015;
  return p;
}
service::ServiceSpec spec_with(const std::string& profile) {
  service::ServiceSpec s;
  s.type = service::ServiceSpec::Type::Gpu;
  s.gpu = "h100-sxm";
  s.model = "llama-3.1-8b";
  s.catalog_file = OPGSIM_SOURCE_DIR "/models/gpu/catalog.json";
  s.profile = profile;
  return s;
}
double tpot(const service::ServiceSpec& s) {
  auto m = service::make_service_model(s, Rng::stream(1, "t"));
  ClosedLoopConfig cfg;
  cfg.prompt_tokens = 10;
  cfg.output_tokens = 11;
  return run_closed_loop(*m, cfg).tpot_p50_s;
}
}  // namespace

TEST_CASE("a profile round-trips through its JSON") {
  TempDir dir;
  const std::string f = dir.write("p.json", profile_json(a_profile()));
  const Profile p = load_profile(f);
  CHECK(p.gpu == "h100-sxm");
  CHECK(p.params.compute_efficiency == 0.4);
  CHECK(p.params.per_sequence_overhead_s == 0.0002);
  CHECK(p.params.request_overhead_s == 0.0065);
  CHECK(p.fitted_from == "m.csv");
  REQUIRE(p.points.size() == 1);
  CHECK(p.points[0].metric == "tpot_s");
  CHECK(p.rms_relative_error == 0.015);
}

TEST_CASE("make_service_model applies a profile's four parameters") {
  TempDir dir;
  const std::string f = dir.write("p.json", profile_json(a_profile()));
  service::ServiceSpec by_hand = spec_with("");
  by_hand.compute_efficiency = 0.4;
  by_hand.bandwidth_efficiency = 0.9;
  by_hand.iteration_overhead_s = 0.001;
  by_hand.per_sequence_overhead_s = 0.0002;
  CHECK(tpot(spec_with(f)) == tpot(by_hand));
  CHECK(tpot(spec_with(f)) != tpot(spec_with("")));
  // The profile wins over values the scenario sets.
  service::ServiceSpec both = spec_with(f);
  both.bandwidth_efficiency = 0.3;
  CHECK(tpot(both) == tpot(by_hand));
}

TEST_CASE("resolve_profile writes the profile's five parameters into the spec the engine reads") {
  TempDir dir;
  const std::string f = dir.write("p.json", profile_json(a_profile()));
  service::ServiceSpec s = spec_with(f);
  s.request_overhead_s = 0.1;  // the profile wins
  s.max_batch = 7;             // what the profile does not fit stays
  const service::ServiceSpec r = service::resolve_profile(s);
  CHECK(r.compute_efficiency == 0.4);
  CHECK(r.bandwidth_efficiency == 0.9);
  CHECK(r.iteration_overhead_s == 0.001);
  CHECK(r.per_sequence_overhead_s == 0.0002);
  CHECK(r.request_overhead_s == 0.0065);
  CHECK(r.max_batch == 7);
  CHECK(r.profile == f);
  // No profile: unchanged.
  service::ServiceSpec none = spec_with("");
  none.request_overhead_s = 0.002;
  CHECK(service::resolve_profile(none).request_overhead_s == 0.002);
}

TEST_CASE("a profile without request_overhead_s (written before it was fitted) means 0, a negative one is refused") {
  TempDir dir;
  const std::string base = R"({"gpu": "h100-sxm", "model": "llama-3.1-8b", "precision": "bf16",
    "gpus_per_node": 1, "parameters": {"compute_efficiency": 0.5, "bandwidth_efficiency": 0.8,
    "iteration_overhead_s": 0.003, "per_sequence_overhead_s": 0)";
  CHECK(load_profile(dir.write("old.json", base + "}}")).params.request_overhead_s == 0);
  const std::string f = dir.write("neg.json", base + R"(, "request_overhead_s": -0.001}})");
  CHECK(input_error([&] { load_profile(f); }) == f + ": parameters.request_overhead_s: expected a number >= 0");
}

TEST_CASE("a profile for another setup is refused with one line") {
  TempDir dir;
  Profile p = a_profile();
  p.gpu = "a100-80gb";
  const std::string f = dir.write("a100.json", profile_json(p));
  CHECK(input_error([&] { tpot(spec_with(f)); }) ==
        f + ": gpu: profile is for 'a100-80gb' but the scenario uses 'h100-sxm'");
  p = a_profile();
  p.gpus_per_node = 2;
  const std::string g = dir.write("tp2.json", profile_json(p));
  CHECK(input_error([&] { tpot(spec_with(g)); }) ==
        g + ": gpus_per_node: profile is for '2' but the scenario uses '1'");
  CHECK(input_error([&] { service::resolve_profile(spec_with(g)); }) ==
        g + ": gpus_per_node: profile is for '2' but the scenario uses '1'");
}

TEST_CASE("bad profile files are one-line errors") {
  TempDir dir;
  CHECK(input_error([&] { load_profile(dir / "missing.json"); }) == dir / "missing.json" + ": cannot open the profile file");
  const std::string f = dir.write("bad.json", R"({"gpu": "h100-sxm", "model": "llama-3.1-8b", "precision": "bf16",
    "gpus_per_node": 1, "parameters": {"compute_efficiency": 1.5, "bandwidth_efficiency": 0.8,
    "iteration_overhead_s": 0.003, "per_sequence_overhead_s": 0}})");
  CHECK(input_error([&] { load_profile(f); }) == f + ": parameters.compute_efficiency: expected a number in (0, 1]");
  const std::string g = dir.write("nogpu.json", R"({"model": "x"})");
  CHECK(input_error([&] { load_profile(g); }) == g + ": gpu: missing");
}

TEST_CASE("a profile names the scheduler and step-time model it was fitted under, and a scenario must use them") {
  TempDir dir;
  Profile p = a_profile();
  p.settings.scheduler = TypedSpec{"inflight", {}};
  const std::string f = dir.write("inflight.json", profile_json(p));
  const Profile back = load_profile(f);
  CHECK(back.settings.scheduler.type == "inflight");
  CHECK(back.settings.scheduler.params.get("max_context_requests", -1) == 1);  // defaults written out
  CHECK(back.settings.step_time.type == "roofline");
  // The scenario's default scheduler (chunked) is not the profile's: refused, naming both.
  CHECK(input_error([&] { service::resolve_profile(spec_with(f)); }) ==
        f + ": settings.scheduler: profile was fitted under 'inflight(max_context_requests=1)' but the scenario uses "
            "'chunked'");
  service::ServiceSpec s = spec_with(f);
  s.scheduler = TypedSpec{"inflight", {}};  // parameters left out take their defaults
  CHECK(service::resolve_profile(s).compute_efficiency == 0.4);
  s.scheduler.params.set("max_context_requests", 2);
  CHECK(input_error([&] { service::resolve_profile(s); }).find("settings.scheduler: profile was fitted under") !=
        std::string::npos);
  s.scheduler = TypedSpec{"inflight", {}};
  s.step_time = TypedSpec{"measured", {}};
  CHECK(input_error([&] { service::resolve_profile(s); }) ==
        f + ": settings.step_time: profile was fitted under 'roofline' but the scenario uses "
            "'measured(lm_head=1, kv_cache_save=0)'");
}

TEST_CASE("a profile without scheduler or step_time (written before they were choices) means chunked and roofline") {
  TempDir dir;
  const std::string old = R"({"gpu": "h100-sxm", "model": "llama-3.1-8b", "precision": "bf16",
    "gpus_per_node": 1, "parameters": {"compute_efficiency": 0.5, "bandwidth_efficiency": 0.8,
    "iteration_overhead_s": 0.003, "per_sequence_overhead_s": 0}, "settings": {"max_batch": 256,
    "max_batched_tokens": 8192, "kv_block_tokens": 16, "gpu_memory_utilization": 0.9, "kv_cache_dtype": "auto",
    "chunked_prefill": false)";
  const Profile p = load_profile(dir.write("old.json", old + "}}"));
  CHECK(p.settings.scheduler.type == "chunked");
  CHECK(p.settings.step_time.type == "roofline");
  CHECK(service::resolve_profile(spec_with(dir / "old.json")).compute_efficiency == 0.5);
  const std::string bad = dir.write("bad.json", old + R"(, "scheduler": {"type": "v2"}}})");
  CHECK(input_error([&] { load_profile(bad); }) ==
        bad + ": settings.scheduler.type: unknown type 'v2' (known: chunked, vllm_v0, inflight)");
  const std::string extra = dir.write("extra.json", old + R"(, "step_time": {"type": "roofline", "x": 1}}})");
  CHECK(input_error([&] { load_profile(extra); }) == extra + ": settings.step_time.x: 'roofline' has no such parameter");
}
