// Node faults through the engine: a crash fails what the node held, the router stops choosing
// it, the node serves again after recovering, and every request still ends in one state.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;
}  // namespace

TEST_CASE("a crashed inference node fails its requests and serves again after recovery") {
  const auto dir = temp_dir("crash");
  // One node, 5 closed-loop users, 10 s deterministic service: requests run [0,10), [10,20), ...
  // The crash at 15 fails the 5 running; users back off 1 s and find no node up (rejected) at
  // 16, 17, ..., 30 until the recovery at 30.5; from 31 the node serves again.
  std::ofstream(dir / "s.json") << R"({
    "duration_s": 100, "drain_s": 50,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 10, "concurrency": 10}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "closed", "users": 5}, "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "output": {"window_s": 5},
    "faults": {"events": [{"time_s": 15, "kind": "crash", "index": 0}, {"time_s": 30.5, "kind": "recover", "index": 0}]}
  })";
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto s = read_json(dir / "out" / "summary.json");
  CHECK(s["requests"]["failed"].get<int>() == 5);
  CHECK(s["requests"]["rejected"].get<int>() == 5 * 15);  // retries at 16, 17, ..., 30
  // Served before the crash (the round at 0) and after the recovery (rounds at 31, 41, ..., 91).
  CHECK(s["requests"]["completed"].get<int>() == 5 * (1 + 7));
  CHECK(s["invariants"]["every_request_terminal"]["ok"].get<bool>());
  // The time series shows the failures in the window of the crash.
  const std::string ts = read_file(dir / "out" / "timeseries.csv");
  CHECK(ts.find("\n15,20,") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a fault on a node that does not exist, or a recovery of a node that is up, is bad input") {
  const auto dir = temp_dir("bad-fault");
  std::ofstream(dir / "idx.json") << R"({"roles": {"inference": {"count": 2}},
    "faults": {"events": [{"time_s": 5, "kind": "crash", "index": 2}]}})";
  auto r = run_opgsim({"run", (dir / "idx.json").string(), "--out", (dir / "out").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("idx.json: faults.events[0].index: no inference node 2 (roles.inference.count is 2)") !=
        std::string::npos);
  std::ofstream(dir / "rec.json") << R"({"roles": {"inference": {"count": 2}},
    "faults": {"events": [{"time_s": 5, "kind": "recover", "index": 1}]}})";
  r = run_opgsim({"run", (dir / "rec.json").string(), "--out", (dir / "out").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("rec.json") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "out"));
  // validate checks the schedule too, without running.
  r = run_opgsim({"validate", (dir / "rec.json").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("rec.json: faults.events[0]: recover of inference[1]") != std::string::npos);
  std::filesystem::remove_all(dir);
}
