// The GPU schedulers through the whole engine: two requests on one node whose every iteration
// lasts exactly T (a catalog H100 made infinitely fast, so only iteration_overhead_s = T counts),
// on a network fast enough to vanish, with TTFT and TPOT worked out by hand for each scheduler
// (the same cases as tests/unit/gpu/scheduler_hand_test.cpp, now measured at the client side).
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_file;
using opgsim::test::run_scenario_text;
namespace fs = std::filesystem;

constexpr double T = 0.125;

// The built-in catalog with the H100's FLOP/s and bandwidth at 1e40: step time = overhead = T.
std::string fast_catalog() {
  auto c = nlohmann::json::parse(read_file(fs::path(OPGSIM_SOURCE_DIR) / "models/gpu/catalog.json"));
  auto& h100 = c["gpus"]["h100-sxm"];
  for (const char* k : {"fp16_flops", "bf16_flops", "fp8_flops", "hbm_bandwidth_bytes_per_s"}) h100[k]["value"] = 1e40;
  const auto path = fs::temp_directory_path() / fmt::format("opgsim-fast-catalog-{}.json", ::getpid());
  std::ofstream(path) << c.dump();
  return path.string();
}

struct Means {
  double ttft, tpot;
};

// A at 0 and B at b_arrival_s, each a 100-token prompt with 3 output tokens.
Means two_requests(const std::string& scheduler, double b_arrival_s) {
  const std::string catalog = fast_catalog();
  const std::string scenario = fmt::format(R"({{
    "duration_s": 10, "drain_s": 10,
    "platform": {{"regions": [{{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}}],
                  "inter_region_latency_s": 0, "inter_region_bandwidth_Bps": 1e12}},
    "roles": {{"inference": {{"count": 1, "service": {{"type": "gpu", "catalog": "{}", "iteration_overhead_s": {},
                              "scheduler": {{"type": "{}"}}}}}},
               "client": {{"regions": ["lab"]}}}},
    "workload": {{"arrivals": {{"type": "trace", "file": "trace.csv"}}, "bytes_per_token": 1,
                  "payload_overhead_bytes": 0}}
  }})",
                                           catalog, T, scheduler);
  const std::string trace = fmt::format("time_s,class,prompt_tokens,output_tokens\n0,default,100,3\n{},default,100,3\n",
                                        b_arrival_s);
  const auto files = run_scenario_text("scheduler-" + scheduler, scenario, trace);
  fs::remove(catalog);
  CHECK(files.summary["requests"]["completed"] == 2);
  return {files.summary["ttft_s"]["mean"].get<double>(), files.summary["tpot_s"]["mean"].get<double>()};
}
}  // namespace

TEST_CASE("schedulers in the engine: two requests together, inflight makes the second prefill wait") {
  // chunked and vllm_v0: one prefill of both, TTFT T each; inflight: B's prefill after A's, TTFT 2T.
  for (const char* s : {"chunked", "vllm_v0"}) {
    CAPTURE(s);
    const Means m = two_requests(s, 0);
    CHECK(m.ttft == doctest::Approx(T).epsilon(1e-6));
    CHECK(m.tpot == doctest::Approx(T).epsilon(1e-6));
  }
  const Means in = two_requests("inflight", 0);
  CHECK(in.ttft == doctest::Approx(1.5 * T).epsilon(1e-6));  // (T + 2T) / 2
  CHECK(in.tpot == doctest::Approx(T).epsilon(1e-6));
}

TEST_CASE("schedulers in the engine: B arrives mid-prefill, vllm_v0 pauses A's decoding for it") {
  // chunked and inflight: B's prefill rides with A's first decode: TTFT T and 1.5T, TPOT T.
  for (const char* s : {"chunked", "inflight"}) {
    CAPTURE(s);
    const Means m = two_requests(s, T / 2);
    CHECK(m.ttft == doctest::Approx(1.25 * T).epsilon(1e-6));
    CHECK(m.tpot == doctest::Approx(T).epsilon(1e-6));
  }
  // vllm_v0: [T, 2T) is B's prefill only, so A's TPOT is 1.5T; B's is T.
  const Means v = two_requests("vllm_v0", T / 2);
  CHECK(v.ttft == doctest::Approx(1.25 * T).epsilon(1e-6));
  CHECK(v.tpot == doctest::Approx(1.25 * T).epsilon(1e-6));
}
