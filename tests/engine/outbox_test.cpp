// Messages above the Outbox's threshold (sim/engine/outbox.hpp): with thousands of messages in
// flight, actors hold their sends and release them once delivered instead of detaching them. Every
// message must still arrive, and after exactly the network's latency.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

TEST_CASE("thousands of messages in flight: none is lost and each takes the network's latency") {
  // 1,000 requests/s over links of 1 s latency (a prompt and a result in flight per request: about
  // 2,000 at once, far above the 256 below which sends stay detached), deterministic service of
  // 1 s with room for every request: every request takes 3 s plus its two transfers (at most 8 ms
  // for a 16 KiB prompt under CM02's TCP window of 4 MiB per 2 s round trip).
  const std::string scenario = R"({
    "duration_s": 20, "warmup_s": 5, "drain_s": 20, "seed": 3,
    "platform": {"regions": [{"name": "lab", "latency_s": 1, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 50, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 100}}},
    "router": {"placement": "client", "policy": {"type": "round_robin"}},
    "workload": {"arrivals": {"type": "poisson", "rate_rps": 1000}, "timeout_s": 60,
                 "bytes_per_token": 1, "payload_overhead_bytes": 0}
  })";
  const auto dir = opgsim::test::temp_dir("outbox-held");
  std::ofstream(dir / "s.json") << scenario;
  const auto r = opgsim::test::run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = opgsim::test::read_json(dir / "out" / "summary.json");
  const auto submitted = s["requests"]["submitted"].get<long>();
  CHECK(submitted > 15000);
  CHECK(s["requests"]["completed"].get<long>() == submitted);
  CHECK(s["requests"]["unfinished"].get<long>() == 0);
  CHECK(s["latency_s"]["max"].get<double>() < 3.01);
  CHECK(s["latency_s"]["mean"].get<double>() > 3.0);
  CHECK(s["latency_s"]["mean"].get<double>() < 3.002);
  std::filesystem::remove_all(dir);
}

TEST_CASE("held sends to a gateway router that waits in one SimGrid call: none is lost, none is late") {
  // The same traffic through a gateway router: the router waits with nothing to time out, so it
  // receives in one call (inbox.hpp) and the Outbox finds a held send by its message. Three
  // transfers of 1 s and 1 s of service: every request takes 4 s plus its transfers' bytes (at most
  // 16 ms: three transfers under CM02's TCP window, sharing the router's link).
  const std::string scenario = R"({
    "duration_s": 20, "warmup_s": 5, "drain_s": 20, "seed": 3,
    "platform": {"regions": [{"name": "lab", "latency_s": 1, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 50, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 100}}},
    "router": {"placement": "gateway", "policy": {"type": "round_robin"}},
    "workload": {"arrivals": {"type": "poisson", "rate_rps": 1000}, "timeout_s": 60,
                 "bytes_per_token": 1, "payload_overhead_bytes": 0}
  })";
  const auto dir = opgsim::test::temp_dir("outbox-gateway");
  std::ofstream(dir / "s.json") << scenario;
  const auto r = opgsim::test::run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = opgsim::test::read_json(dir / "out" / "summary.json");
  const auto submitted = s["requests"]["submitted"].get<long>();
  CHECK(submitted > 15000);
  CHECK(s["requests"]["completed"].get<long>() == submitted);
  CHECK(s["requests"]["unfinished"].get<long>() == 0);
  CHECK(s["latency_s"]["max"].get<double>() < 4.02);
  CHECK(s["latency_s"]["mean"].get<double>() > 4.0);
  CHECK(s["latency_s"]["mean"].get<double>() < 4.003);
  std::filesystem::remove_all(dir);
}
