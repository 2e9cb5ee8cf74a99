// Diagnosis of the shipped bottleneck scenarios (issue 14): each run, analyzed as a folder,
// names the resource that broke first, and the table `opgsim run` prints ends with the same
// verdict; a steady run below capacity has no knee; a metric a run does not write is an error
// naming it (analyze, capacity) or a warning (a sweep's --metric). Runs are shortened with --set
// where the bottleneck shows early, so the file stays CI-fast.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/engine/opgsim_process.hpp"

using namespace opgsim::test;

namespace {

// The last line of the table `opgsim run` printed (its verdict), and `opgsim analyze` of the folder.
struct Diagnosis {
  std::string verdict, analyze;
};

Diagnosis diagnose(const std::string& name, const std::string& scenario, const std::vector<std::string>& sets) {
  const auto dir = temp_dir(fmt::format("diagnosis-{}", name));
  std::vector<std::string> args{"run", scenario, "--out", (dir / "r").string()};
  for (const std::string& s : sets) args.insert(args.end(), {"--set", s});
  const auto run = run_opgsim(args, dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  Diagnosis d;
  const std::size_t at = run.out.rfind("  verdict    ");
  REQUIRE(at != std::string::npos);
  d.verdict = run.out.substr(at + 13);
  CHECK(d.verdict.find('\n') == d.verdict.size() - 1);  // one line, the table's last
  const auto analyze = run_opgsim({"analyze", (dir / "r").string()}, dir);
  REQUIRE(analyze.exit_code == 0);
  d.analyze = analyze.out;
  std::filesystem::remove_all(dir);
  return d;
}

void check_broke_first(const Diagnosis& d, const std::string& resource) {
  INFO(d.analyze);
  INFO(d.verdict);
  CHECK(d.analyze.find(fmt::format("broke first: {}\n", resource)) != std::string::npos);
  CHECK(d.verdict.rfind(fmt::format("broke first at {}: knee at", resource), 0) == 0);
}

}  // namespace

TEST_CASE("diagnosis: the baseline at half capacity is holding, with no knee from one noisy window") {
  const Diagnosis d = diagnose("baseline", "scenarios/baseline.json", {});
  INFO(d.analyze);
  CHECK(d.analyze.find("no knee up to") != std::string::npos);
  CHECK(d.verdict.rfind("holding: no knee over the measured windows", 0) == 0);
}

TEST_CASE("diagnosis: the ramp breaks at GPU compute: its batches slow down before any queue forms") {
  // The H100s' batches grow with the ramp and every token comes slower (TPOT 3x the start's at
  // about 256 requests/s); the waiting queue appears only later, once the KV cache is full.
  check_broke_first(diagnose("ramp", "scenarios/ramp.json", {"drain_s=30"}), "GPU compute");
}

TEST_CASE("diagnosis: single servers past their capacity break at the GPU queue, not the KV cache") {
  // The M/M/16 check at load 1.25: every server busy and a queue that grows without bound. Busy
  // servers are not a KV cache (occupancy_inference is the gpu model's cache only).
  check_broke_first(diagnose("mmc", "scenarios/validation/mmc.json",
                             {"workload.arrivals.rate_rps=20", "duration_s=300", "warmup_s=30", "drain_s=30",
                              "output.window_s=10"}),
                    "GPU queue");
}

TEST_CASE("diagnosis: a single verifier breaks at the verifier backlog, not block space") {
  check_broke_first(
      diagnose("verifier", "scenarios/verifier-shortage.json", {"duration_s=180", "warmup_s=30", "drain_s=30"}),
      "verifier backlog");
}

TEST_CASE("diagnosis: faulty validators break at block space / finality") {
  check_broke_first(diagnose("validators", "scenarios/validator-faults.json", {"drain_s=30"}), "block space / finality");
}

TEST_CASE("diagnosis: operators leaving (the expensive pool's operators go)") {
  check_broke_first(diagnose("pools", "scenarios/two-pools.json", {"drain_s=30"}), "operators leaving");
}

TEST_CASE("diagnosis: a KV cache too small for the load breaks at the KV cache") {
  // The baseline with 22 % of the GPU's memory for weights and KV cache: about 1.6 GB of KV per
  // node, fewer sequences than the load needs, so sequences are preempted from the start.
  check_broke_first(diagnose("kv", "scenarios/baseline.json",
                             {"roles.inference.service.gpu_memory_utilization=0.22", "duration_s=180", "drain_s=30"}),
                    "KV cache");
}

TEST_CASE("diagnosis: one slow data node breaks at the data fetch") {
  // opengradient.json's 5 % of requests that need outside data (about 6 per second), served by
  // one data node with 2 fetch slots and a 1 s median fetch: about 2 fetches per second.
  check_broke_first(diagnose("data", "scenarios/opengradient.json",
                             {"roles.data.count=1", "roles.data.concurrency=2", "roles.data.pull.median_s=1",
                              "duration_s=240", "drain_s=30"}),
                    "data fetch");
}

TEST_CASE("diagnosis: a batch that keeps growing breaks at GPU compute, not unknown") {
  // hype-fade's wave: every sequence is admitted (no queue, the KV cache half used), but the
  // iterations of ever larger batches make tokens come about 6x slower.
  const Diagnosis d = diagnose("hype", "scenarios/economy/hype-fade.json", {"duration_s=1200", "drain_s=30"});
  check_broke_first(d, "GPU compute");
  CHECK(d.analyze.find("evidence: tpot_s.p99 > 3 x start") != std::string::npos);
}

TEST_CASE("diagnosis: a payment-chain outage breaks at the payment chain, not operators leaving") {
  // x402-outage.json: the payment chain is down from 1,200 s; the gateway refuses every request
  // and, later, operators leave for the lost revenue.
  const Diagnosis d = diagnose("x402", "scenarios/economy/x402-outage.json", {"duration_s=1500", "drain_s=30"});
  check_broke_first(d, "payment chain");
  CHECK(d.analyze.find("evidence: ledger.payments_rejected > 0") != std::string::npos);
  // The knee is the 60 s window in which the chain goes down (1,200-1,260 s: point 21 of 25),
  // give or take one window.
  const std::size_t at = d.analyze.find("(point ");
  REQUIRE(at != std::string::npos);
  const int point = std::stoi(d.analyze.substr(at + 7));
  CHECK(point >= 20);
  CHECK(point <= 22);
}

TEST_CASE("diagnosis: users leaving at a steady 5 % a day are a knee by themselves") {
  // governance-late-fee-cut.json: latency and throughput fine, the offered load falls with the
  // users; 10 % of them are gone on the third day.
  const Diagnosis d = diagnose("users", "scenarios/economy/governance-late-fee-cut.json", {});
  check_broke_first(d, "users leaving");
  CHECK(d.analyze.find("the network loses users (users leaving: ledger.active_users = ") != std::string::npos);
}

TEST_CASE("diagnosis: a storage client cap too small breaks at storage bandwidth, the writes' own 10 s do not") {
  // opengradient.json's default store keeps up although about 1,200 writes of 10 s and more are in
  // flight at any time: not a knee. With each inference node's write cap cut to 3,000 B/s, less
  // than its results and proofs need, the transfers its cap holds back pile up (about 2,500 more
  // every 30 s).
  const Diagnosis fine = diagnose("storage-fine", "scenarios/opengradient.json", {"duration_s=240", "drain_s=30"});
  INFO(fine.analyze);
  CHECK(fine.analyze.find("storage bandwidth") == std::string::npos);
  check_broke_first(diagnose("storage", "scenarios/opengradient.json",
                             {"roles.storage.client_write_cap_Bps=3000", "duration_s=240", "drain_s=30"}),
                    "storage bandwidth");
}

TEST_CASE("the run table says how much of a batching GPU's slots, KV cache and token budget is in use") {
  const auto dir = temp_dir("diagnosis-headroom");
  const auto run = run_opgsim({"run", "scenarios/baseline.json", "--set", "duration_s=120", "--out", (dir / "r").string()}, dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const std::size_t at = run.out.find("  utilization  inference ");
  REQUIRE(at != std::string::npos);
  const std::string line = run.out.substr(at, run.out.find('\n', at) - at);
  INFO(line);
  CHECK(line.find("(of nodes up; in use: ") != std::string::npos);
  CHECK(line.find(" % of batch slots, ") != std::string::npos);
  CHECK(line.find(" % of KV-cache blocks, ") != std::string::npos);
  CHECK(line.find(" % of the token budget)") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("diagnosis: a sweep of the verifier shortage knees where the verifier backlog stops clearing") {
  // Users are served in full at every load; the backlog of the single 4-core verifier grows
  // without bound from about 60 requests/s (about 9 core-seconds of checks per second at 120).
  const auto dir = temp_dir("diagnosis-verifier-sweep");
  auto r = run_opgsim({"sweep", "scenarios/verifier-shortage.json", "--set", "duration_s=200", "--set", "warmup_s=30",
                       "--set", "drain_s=30", "--param", "workload.arrivals.rate_rps=20,40,60,80", "-j", "2", "--out",
                       (dir / "s").string()},
                      dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  r = run_opgsim({"analyze", (dir / "s").string()}, dir);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("requests/s (point 3 of 4)") != std::string::npos);  // the 60 requests/s point
  CHECK(r.out.find("a background stage stops keeping up (verifier backlog") != std::string::npos);
  CHECK(r.out.find("broke first: verifier backlog\n") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("capacity refuses an SLO on a metric the runs do not write, in one line, exit 2") {
  const auto dir = temp_dir("diagnosis-capacity-absent");
  // router-herding's nodes are single servers (no gpu model): no TTFT in its summary.json.
  const auto r = run_opgsim({"capacity", "scenarios/router-herding.json", "--set", "duration_s=40", "--set",
                             "warmup_s=5", "--set", "drain_s=10", "--slo", "ttft_s.p99<=2", "--start", "4",
                             "--replications", "1", "--out", (dir / "c").string()},
                            dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--slo 'ttft_s.p99<=2': ttft_s.p99 is absent from ") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a sweep stops with an error naming a requested metric that no run has, after writing the curve") {
  const auto dir = temp_dir("diagnosis-sweep-metric");
  const auto r = run_opgsim({"sweep", "scenarios/router-herding.json", "--set", "duration_s=40", "--set", "warmup_s=5",
                             "--set", "drain_s=10", "--param", "workload.arrivals.rate_rps=4", "--metric",
                             "economy.totals.fees_opg", "--out", (dir / "s").string()},
                            dir);
  CHECK(r.exit_code == 2);  // issue 14: an absent metric is an error naming it (it was a warning, exit 0)
  CHECK(r.err.find("error: --metric economy.totals.fees_opg: no finished run has a number there") !=
        std::string::npos);
  CHECK(r.err.find("first " + (dir / "s").string() + "/runs/p0000-r0)") != std::string::npos);
  CHECK(std::filesystem::exists(dir / "s" / "curve.csv"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("diagnosis: a sweep of an economy names the payment chain without --metric") {
  // x402-outage.json cut at 1,000 s (before the chain goes down at 1,200 s) and at 1,500 s (after):
  // the curve carries economy.payments.rejected by default, so the second point's knee has its cause.
  const auto dir = temp_dir("diagnosis-economy-sweep");
  auto r = run_opgsim({"sweep", "scenarios/economy/x402-outage.json", "--set", "drain_s=30", "--param",
                       "duration_s=1000,1500", "-j", "2", "--out", (dir / "s").string()},
                      dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string curve = read_file(dir / "s" / "curve.csv");
  CHECK(curve.find("economy.payments.rejected_mean") != std::string::npos);
  CHECK(curve.find("economy.end.active_users_mean") != std::string::npos);
  r = run_opgsim({"analyze", (dir / "s").string()}, dir);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("(point 2 of 2)") != std::string::npos);
  CHECK(r.out.find("broke first: payment chain\n") != std::string::npos);
  CHECK(r.out.find("evidence: economy.payments.rejected > 0") != std::string::npos);
  std::filesystem::remove_all(dir);
}
