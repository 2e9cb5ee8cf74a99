// opgsim capacity against queueing theory: the highest arrival rate at which an M/M/4 queue
// (scenarios/validation/mmc.json with 4 servers) keeps its mean queue wait under 0.5 s must
// agree with the Erlang-C answer within 5 %; and opgsim analyze names the breaking point of a
// sweep past saturation.
#include <doctest/doctest.h>

#include "analysis/queueing.hpp"
#include "tests/engine/opgsim_process.hpp"

namespace {
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// The rate at which the M/M/c mean wait equals `wait` (service mean 1 s), by bisection.
double erlang_c_capacity(int c, double wait) {
  double lo = 0.01, hi = c - 1e-9;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (opgsim::analysis::mmc_mean_wait(c, mid, 1.0) <= wait ? lo : hi) = mid;
  }
  return lo;
}
}  // namespace

TEST_CASE("capacity of an M/M/4 queue under a mean-wait SLO agrees with Erlang C within 5 percent") {
  const auto dir = temp_dir("capacity-mmc");
  const auto r = run_opgsim({"capacity", "scenarios/validation/mmc.json", "--set", "roles.inference.count=4", "--set",
                             "duration_s=20000", "--set", "warmup_s=1000", "--set", "drain_s=20000", "--slo",
                             "stages.queue.mean<=0.5", "--start", "2", "--precision", "0.01", "--replications", "3",
                             "-j", "2", "--out", (dir / "cap").string()},
                            dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = read_json(dir / "cap" / "capacity.json");
  const double found = report["capacity_rps"]["mean"].get<double>();
  const double expected = erlang_c_capacity(4, 0.5);  // about 3.0 requests/s (load 0.75)
  MESSAGE("capacity " << found << " +- " << report["capacity_rps"]["ci95"].get<double>() << ", Erlang C " << expected);
  CHECK(std::abs(found - expected) / expected < 0.05);
  CHECK(r.out.find("capacity: ") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("analyze finds the knee of a sweep past saturation and names the GPU queue") {
  const auto dir = temp_dir("analyze-knee");
  auto r = run_opgsim({"sweep", "scenarios/baseline.json", "--set", "duration_s=120", "--set", "warmup_s=20", "--set",
                       "drain_s=60", "--param", "workload.arrivals.rate_rps=60,150,240,330,420", "-j", "2", "--out",
                       (dir / "s").string()},
                      dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  r = run_opgsim({"analyze", (dir / "s").string()}, dir);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("knee") != std::string::npos);
  CHECK(r.out.find("GPU queue") != std::string::npos);
  std::filesystem::remove_all(dir);
}
