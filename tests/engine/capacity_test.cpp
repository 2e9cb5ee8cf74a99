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

TEST_CASE("capacity --band searches the scenario and every shipped profile of its GPU and model, and states the band") {
  const auto dir = temp_dir("capacity-band");
  const auto r = run_opgsim({"capacity", "scenarios/baseline.json", "--band", "--set", "roles.inference.count=2", "--set",
                             "duration_s=20", "--set", "warmup_s=2", "--set", "drain_s=30", "--slo",
                             "latency_s.p99<=30", "--start", "8", "--precision", "0.25", "--replications", "1", "--out",
                             (dir / "band").string()},
                            dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = read_json(dir / "band" / "band.json");
  // The baseline as given, then its three H100 / Llama-3.1-8B profiles (one per scheduler); no
  // kernel table for that pair, so no measured variant.
  REQUIRE(report["variants"].size() == 4);
  CHECK(report["variants"][0]["in_band"] == false);
  for (int k = 1; k < 4; ++k) {
    CHECK(report["variants"][k]["in_band"] == true);
    CHECK(report["variants"][k]["found"] == true);
    CHECK(report["variants"][k]["label"].get<std::string>().find("h100-sxm_llama-3.1-8b_fp16_tp1") != std::string::npos);
  }
  CHECK(r.out.find("Band: ") != std::string::npos);
  CHECK(std::filesystem::exists(dir / "band" / "band.md"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("capacity --band needs gpu nodes") {
  const auto dir = temp_dir("capacity-band-mmc");
  const auto r = run_opgsim({"capacity", "scenarios/validation/mmc.json", "--band", "--slo", "latency_s.p99<=30", "--out",
                             (dir / "band").string()},
                            dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--band: roles.inference.service.type must be gpu") != std::string::npos);
  std::filesystem::remove_all(dir);
}
