// Messages above the Outbox's threshold (sim/engine/outbox.hpp): with thousands of messages in
// flight, actors hold their sends and release them once delivered instead of detaching them. Every
// message must still arrive, and after exactly the network's latency.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {

// 1,000 requests/s over links of 1 s latency (a prompt and a result in flight per request: about
// 2,000 at once, far above the 256 below which sends stay detached), deterministic service of 1 s
// with room for every request, routed from `placement`. Every request completes; its latency is
// `hops` transfers of 1 s plus the service, plus at most `extra_s` for the transfers' bytes, and on
// average at most `mean_extra_s`.
void check_held_sends(const std::string& placement, int hops, double extra_s, double mean_extra_s) {
  const std::string scenario = R"({
    "duration_s": 20, "warmup_s": 5, "drain_s": 20, "seed": 3,
    "platform": {"regions": [{"name": "lab", "latency_s": 1, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 50, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 100}}},
    "router": {"placement": ")" + placement + R"(", "policy": {"type": "round_robin"}},
    "workload": {"arrivals": {"type": "poisson", "rate_rps": 1000}, "timeout_s": 60,
                 "bytes_per_token": 1, "payload_overhead_bytes": 0}
  })";
  const auto dir = opgsim::test::temp_dir("outbox-" + placement);
  std::ofstream(dir / "s.json") << scenario;
  const auto r = opgsim::test::run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = opgsim::test::read_json(dir / "out" / "summary.json");
  const auto submitted = s["requests"]["submitted"].get<long>();
  CHECK(submitted > 15000);
  CHECK(s["requests"]["completed"].get<long>() == submitted);
  CHECK(s["requests"]["unfinished"].get<long>() == 0);
  const double base = hops + 1.0;
  CHECK(s["latency_s"]["max"].get<double>() < base + extra_s);
  CHECK(s["latency_s"]["mean"].get<double>() > base);
  CHECK(s["latency_s"]["mean"].get<double>() < base + mean_extra_s);
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST_CASE("thousands of messages in flight: none is lost and each takes the network's latency") {
  // Client-side routing: two transfers, each at most 4 ms for a 16 KiB prompt under CM02's TCP
  // window of 4 MiB per 2 s round trip.
  check_held_sends("client", 2, 0.01, 0.002);
}

TEST_CASE("held sends to a gateway router that waits in one SimGrid call: none is lost, none is late") {
  // Through a gateway router, which waits with nothing to time out and so receives in one call
  // (inbox.hpp); the Outbox finds a held send by its message. Three transfers, sharing the
  // router's link: at most 16 ms.
  check_held_sends("gateway", 3, 0.02, 0.003);
}
