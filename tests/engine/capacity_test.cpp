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

TEST_CASE("capacity --find lowest: the lowest fee that keeps every operator of fees-too-low") {
  // Ten minutes of fees-too-low: at 0.2 USD per million output tokens 2 of 12 operators leave, at
  // 0.4 one, from 0.8 none (checked by single runs); the search brackets the lowest price keeping 12.
  const auto dir = temp_dir("capacity-lowest-fee");
  const auto r = run_opgsim({"capacity", "scenarios/economy/fees-too-low.json", "--set", "duration_s=600", "--set",
                             "drain_s=60", "--slo", "economy.end.operators_active>=12", "--search",
                             "economy.fees.usd_per_million_output", "--find", "lowest", "--min", "0.1", "--max", "2",
                             "--precision", "0.05", "--replications", "1", "--out", (dir / "c").string()},
                            dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = read_json(dir / "c" / "capacity.json");
  CHECK(report["search"]["path"] == "economy.fees.usd_per_million_output");
  CHECK(report["search"]["find"] == "lowest");
  CHECK(report["search"]["integer"] == false);
  const double met = report["replications"][0]["met"].get<double>();
  const double failed = report["replications"][0]["failed"].get<double>();
  CHECK(met > 0.4);
  CHECK(met <= 0.8);
  CHECK(failed < met);
  CHECK(met - failed <= 0.05 * met + 1e-12);
  CHECK(report["value"]["mean"].get<double>() == met);
  CHECK(!report.contains("capacity_rps"));
  CHECK(r.out.find("search: lowest economy.fees.usd_per_million_output = ") == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("capacity over an integer: the fewest M/M/c servers that keep the mean wait under 0.5 s (Erlang C)") {
  // 2.5 requests/s of 1 s services: the smallest c with W_q <= 0.5 s, from Erlang C.
  int expected = 3;
  while (opgsim::analysis::mmc_mean_wait(expected, 2.5, 1.0) > 0.5) ++expected;
  const auto dir = temp_dir("capacity-fewest-servers");
  const auto r = run_opgsim({"capacity", "scenarios/validation/mmc.json", "--set", "workload.arrivals.rate_rps=2.5",
                             "--set", "duration_s=8000", "--set", "warmup_s=500", "--set", "drain_s=8000", "--slo",
                             "stages.queue.mean<=0.5", "--rate-path", "roles.inference.count", "--find", "lowest",
                             "--min", "3", "--max", "12", "--replications", "2", "--out", (dir / "c").string()},
                            dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto report = read_json(dir / "c" / "capacity.json");
  CHECK(report["search"]["integer"] == true);  // detected from the schema
  for (const auto& rep : report["replications"]) {
    CHECK(rep["met"].get<double>() == expected);
    CHECK(rep["failed"].get<double>() == expected - 1);
  }
  CHECK(report["value"]["mean"].get<double>() == expected);
  CHECK(report["value"]["ci95"].get<double>() == 0);
  // Searched the wrong way, the bounds contradict the assumption: a warning, not a number.
  const auto w = run_opgsim({"capacity", "scenarios/validation/mmc.json", "--set", "workload.arrivals.rate_rps=2.5",
                             "--set", "duration_s=2000", "--set", "warmup_s=200", "--set", "drain_s=2000", "--slo",
                             "stages.queue.mean<=0.5", "--search", "roles.inference.count", "--find", "highest",
                             "--min", "3", "--max", "12", "--replications", "1", "--out", (dir / "w").string()},
                            dir);
  CHECK(w.exit_code == 1);
  CHECK(w.err.find("warning: replication 0: not monotone: 3 failed the SLO and 12 met it") != std::string::npos);
  CHECK(w.out.find("search: highest roles.inference.count not found") == 0);
  // A path that is not a number is refused before any run.
  const auto bad = run_opgsim({"capacity", "scenarios/validation/mmc.json", "--slo", "stages.queue.mean<=0.5",
                               "--search", "roles.inference.service", "--out", (dir / "b").string()},
                              dir);
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--search roles.inference.service: not a number in the scenario") != std::string::npos);
  // Bounds of an integer that are not integers: one line before anything loads or runs.
  const auto frac = run_opgsim({"capacity", "scenarios/validation/mmc.json", "--slo", "stages.queue.mean<=0.5",
                                "--search", "roles.inference.count", "--find", "lowest", "--min", "0.5", "--max", "3",
                                "--out", (dir / "f").string()},
                               dir);
  CHECK(frac.exit_code == 2);
  CHECK(frac.err == "error: --min and --max of an integer parameter must be integers\n");
  CHECK(!std::filesystem::exists(dir / "f"));
  std::filesystem::remove_all(dir);
}
