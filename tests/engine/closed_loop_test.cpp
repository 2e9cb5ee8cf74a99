// Closed-loop load through the whole engine, on cases with an exact answer: deterministic
// service, a network that takes no time, users that start together.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

nlohmann::json run_closed(const std::string& name, const std::string& scenario_json) {
  const auto dir = temp_dir(name);
  std::ofstream(dir / "s.json") << scenario_json;
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto s = read_json(dir / "out" / "summary.json");
  std::filesystem::remove_all(dir);
  return s;
}

std::string scenario(int users, double think_s, int concurrency, double service_s = 1, double timeout_s = 300) {
  return fmt::format(R"({{
    "duration_s": 100, "warmup_s": 10, "drain_s": 20,
    "platform": {{"regions": [{{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}}]}},
    "roles": {{"inference": {{"count": 1, "service": {{"type": "deterministic", "mean_s": {}, "concurrency": {}}}}}}},
    "router": {{"placement": "client", "policy": {{"type": "round_robin"}}}},
    "workload": {{"arrivals": {{"type": "closed", "users": {}, "think_time_s": {}, "think_time_distribution": "constant"}},
                 "timeout_s": {}, "bytes_per_token": 1, "payload_overhead_bytes": 0}}
  }})",
                     service_s, concurrency, users, think_s, timeout_s);
}
}  // namespace

TEST_CASE("closed loop with room for everyone: throughput = users / (service + think)") {
  const auto s = run_closed("closed-room", scenario(4, 1.0, 4));
  // Each user cycles every 2 s from t = 0: 45 requests each in [10, 100).
  CHECK(s["offered_rps"].get<double>() == doctest::Approx(2.0));
  CHECK(s["throughput_rps"].get<double>() == doctest::Approx(2.0));
  CHECK(s["stages"]["queue"]["max"].get<double>() == doctest::Approx(0.0));
  CHECK(s["latency_s"]["mean"].get<double>() == doctest::Approx(1.0));
}

TEST_CASE("closed loop with more users than slots: the extra users wait one service time") {
  const auto s = run_closed("closed-wait", scenario(8, 0.0, 4));
  // 4 slots, 8 users, 1 s each, no think: 4 requests/s, and every request waits 1 s.
  CHECK(s["throughput_rps"].get<double>() == doctest::Approx(4.0));
  CHECK(s["stages"]["queue"]["mean"].get<double>() == doctest::Approx(1.0));
  CHECK(s["latency_s"]["mean"].get<double>() == doctest::Approx(2.0));
  // Little's law on the closed population: 8 users always in the system.
  CHECK(s["littles_law"]["mean_in_system"].get<double>() == doctest::Approx(8.0));
}

TEST_CASE("closed-loop users give up at their timeout and come back") {
  // One slot, 10 s service, 3 users, timeout 15 s: the user queued behind two others gives up.
  const auto s = run_closed("closed-timeout", scenario(3, 0.0, 1, 10.0, 15.0));
  CHECK(s["requests"]["timed_out"].get<int>() > 0);
  CHECK(s["requests"]["completed"].get<int>() > 0);
  CHECK(s["invariants"]["every_request_terminal"]["ok"].get<bool>());
}

TEST_CASE("the gpu node's front end delays every request by request_overhead_s, without GPU time") {
  auto gpu_scenario = [](double overhead_s) {
    return fmt::format(R"({{
      "duration_s": 60, "drain_s": 60,
      "platform": {{"regions": [{{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}}]}},
      "roles": {{"inference": {{"count": 1, "service": {{"type": "gpu", "gpu": "h100-sxm", "model": "llama-3.1-8b",
                                                      "request_overhead_s": {}}}}}}},
      "router": {{"placement": "client"}},
      "workload": {{"arrivals": {{"type": "closed", "users": 1}},
                   "prompt_tokens": {{"type": "constant", "value": 512}},
                   "output_tokens": {{"type": "constant", "value": 64}},
                   "bytes_per_token": 1, "payload_overhead_bytes": 0}}
    }})",
                       overhead_s);
  };
  const auto base = run_closed("front-end-0", gpu_scenario(0.0));
  const auto slow = run_closed("front-end-1", gpu_scenario(0.5));
  // One user alone: every request sees the same GPU work, plus the front end's half second.
  CHECK(slow["ttft_s"]["mean"].get<double>() - base["ttft_s"]["mean"].get<double>() == doctest::Approx(0.5));
  CHECK(slow["tpot_s"]["mean"].get<double>() == doctest::Approx(base["tpot_s"]["mean"].get<double>()));
  CHECK(slow["stages"]["queue"]["mean"].get<double>() == doctest::Approx(0.5));
}

TEST_CASE("a GPU short of KV cache preempts, reports it, and still ends every request") {
  const auto s = run_closed("kv-pressure", R"({
    "duration_s": 120, "drain_s": 600,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "gpu", "gpu": "l4", "model": "llama-2-7b",
                                                    "precision": "fp16", "gpu_memory_utilization": 0.75}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "closed", "users": 64},
                 "prompt_tokens": {"type": "constant", "value": 500},
                 "output_tokens": {"type": "constant", "value": 1500},
                 "timeout_s": 10000, "bytes_per_token": 1, "payload_overhead_bytes": 0}
  })");
  CHECK(s["preemptions"].get<int>() > 0);
  CHECK(s["requests"]["completed"].get<int>() > 0);
  CHECK(s["invariants"]["every_request_terminal"]["ok"].get<bool>());
}
