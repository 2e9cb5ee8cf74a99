// Every role of the network through the engine, on tiny platforms with fixed delays, so each
// stage's time can be computed by hand: data fetches (pull and push), storage writes and cold
// model loads, verification (incl. a verifier crash and malicious nodes), settlement per request
// and batched, validator faults, a region cut and a slow node.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// One region without latency, one inference node serving every request in exactly 1 s, requests
// replayed from a trace (class "c", 10 prompt and 10 output tokens), one byte per token.
json base() {
  return json::parse(R"({
    "duration_s": 100, "drain_s": 300,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}],
                 "inter_region_latency_s": 0.1, "inter_region_bandwidth_Bps": 1e12},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "output": {"window_s": 10}
  })");
}

using Run = opgsim::test::RunFiles;

// Replays `arrivals` (class "c", 10 prompt and 10 output tokens each) on the scenario.
Run run(const std::string& name, const json& scenario, const std::vector<double>& arrivals) {
  std::ostringstream trace;
  trace << "time_s,class,prompt_tokens,output_tokens\n";
  for (double t : arrivals) trace << t << ",c,10,10\n";
  Run out = opgsim::test::run_scenario_text("roles-" + name, scenario.dump(2), trace.str());
  CHECK(out.summary["invariants"]["every_request_terminal"]["ok"].get<bool>());
  CHECK(out.summary["invariants"]["no_request_ended_twice"]["ok"].get<bool>());
  return out;
}

double stage(const json& s, const char* name, const char* what = "mean") { return s["stages"][name][what].get<double>(); }

// The column `name` of timeseries.csv, one value per row.
std::vector<double> column(const std::string& csv, const std::string& name) {
  std::vector<double> values;
  for (const auto& row : opgsim::test::parse_numeric_csv(csv)) values.push_back(row.at(name));
  return values;
}
}  // namespace

TEST_CASE("one TEE request through storage and verification and per-request settlement takes the hand-computed time in every stage") {
  json s = base();
  s["workload"]["classes"][0]["verification"] = "tee";
  s["roles"]["storage"] = {{"count", 1}, {"write_min_s", 2}};
  s["roles"]["verifier"] = {{"count", 1}, {"cores", 1}};
  s["roles"]["validator"] = {{"count", 4}, {"block_time_s", 10}, {"settlement", {{"mode", "per_request"}}}};
  s["proof"]["tee"]["attestation_check_s"] = 0.5;
  const Run r = run("all-stages", s, {1.0});
  const json& m = r.summary;
  CHECK(m["requests"]["completed"].get<int>() == 1);
  // Submitted at 1; the node runs in TEE mode, 7 % slower: inference [1, 2.07); a 42 us
  // signature -> proof ready at 2.070042 and the result is with the client then. The 338-byte blob (10 result bytes + a
  // 328-byte attestation) takes the 2 s write floor -> stored at 4.070042; the attestation check
  // takes 0.5 s -> verified at 4.570042; the next block commits at 10: settled, finality 9 s.
  CHECK(stage(m, "route") == doctest::Approx(0).epsilon(1e-6));
  CHECK(stage(m, "data") == doctest::Approx(0).epsilon(1e-6));
  CHECK(stage(m, "queue") == doctest::Approx(0).epsilon(1e-6));
  CHECK(stage(m, "inference") == doctest::Approx(1.07));
  CHECK(stage(m, "proof") == doctest::Approx(42e-6));
  CHECK(stage(m, "deliver") == doctest::Approx(0).epsilon(1e-6));
  CHECK(stage(m, "storage") == doctest::Approx(2.0));
  CHECK(stage(m, "verify") == doctest::Approx(0.5));
  CHECK(stage(m, "settle") == doctest::Approx(10 - 4.570042));
  CHECK(m["latency_s"]["mean"].get<double>() == doctest::Approx(1.070042));
  CHECK(m["finality_s"]["mean"].get<double>() == doctest::Approx(9.0));
  CHECK(m["verification"]["checked"].get<int>() == 1);
  CHECK(m["chain"]["settlement_txs"].get<int>() == 1);
}

TEST_CASE("a pull fetch crosses to the data node region and back and its freshness is the way back") {
  json s = base();
  s["platform"]["regions"].push_back({{"name", "far"}, {"latency_s", 0}, {"bandwidth_Bps", 1e12}});
  s["roles"]["inference"]["regions"] = {"lab"};
  s["roles"]["client"] = {{"regions", {"lab"}}};
  s["roles"]["data"] = {{"count", 1}, {"regions", {"far"}}, {"pull", {{"median_s", 0.3}, {"sigma", 0}}}};
  s["workload"]["classes"][0]["needs_data"] = true;
  const Run r = run("pull", s, {1.0, 20.0});
  // 0.1 s there, 0.3 s fetch, 0.1 s back; the value was read at the source 0.1 s before use.
  CHECK(stage(r.summary, "data") == doctest::Approx(0.5));
  CHECK(r.summary["freshness_s"]["mean"].get<double>() == doctest::Approx(0.1));
  CHECK(r.summary["latency_s"]["mean"].get<double>() == doctest::Approx(1.5));
}

TEST_CASE("push data is the newest landed publication and its freshness is the publication age") {
  json s = base();
  s["roles"]["data"] = {{"count", 1},
                        {"mode", "push"},
                        {"push_read_s", 0.05},
                        {"push", {{"heartbeat_s", 30}, {"landing_delay_s", 5}, {"deviation", 0.5},
                                  {"volatility_per_sqrt_s", 1e-9}}}};
  s["workload"]["classes"][0]["needs_data"] = true;
  // Round 0 is on chain from t = 0; the heartbeat publishes at 30, landed at 35. Reads at 1.05,
  // 33.05 (round 1 not landed yet) and 40.05 use data produced at 0, 0 and 30.
  const Run r = run("push", s, {1.0, 33.0, 40.0});
  CHECK(stage(r.summary, "data") == doctest::Approx(0.05));
  CHECK(r.summary["freshness_s"]["max"].get<double>() == doctest::Approx(33.05).epsilon(0.01));
  CHECK(r.summary["freshness_s"]["mean"].get<double>() == doctest::Approx((1.05 + 33.05 + 10.05) / 3).epsilon(0.01));
}

TEST_CASE("batched settlement flushes a full batch and then an idle one into blocks every 10 s") {
  json s = base();
  s["roles"]["validator"] = {{"count", 4},
                             {"block_time_s", 10},
                             {"settlement", {{"mode", "batched"}, {"batch_size", 2}, {"idle_s", 3}, {"max_age_s", 0}}}};
  // Items ready at 2 and 2.5 fill a batch at 2.5 -> block at 10 (settle 8 and 7.5); the item
  // ready at 21 waits for the 3 s idle flush at 24 -> block at 30 (settle 9).
  const Run r = run("batched", s, {1.0, 1.5, 20.0});
  CHECK(r.summary["requests"]["completed"].get<int>() == 3);
  CHECK(stage(r.summary, "settle", "max") == doctest::Approx(9.0).epsilon(0.01));
  CHECK(stage(r.summary, "settle", "mean") == doctest::Approx((8 + 7.5 + 9) / 3.0).epsilon(0.01));
  CHECK(r.summary["chain"]["settlement_txs"].get<int>() == 2);
  CHECK(r.summary["finality_s"]["max"].get<double>() == doctest::Approx(10.0).epsilon(0.01));
}

TEST_CASE("with half the validators down the chain halts and settles one block after quorum returns") {
  json s = base();
  s["roles"]["validator"] = {{"count", 4}, {"block_time_s", 10}, {"settlement", {{"mode", "per_request"}}}};
  s["faults"]["events"] = json::parse(R"([
    {"time_s": 5, "kind": "crash", "role": "validator", "index": 0},
    {"time_s": 5, "kind": "crash", "role": "validator", "index": 1},
    {"time_s": 50, "kind": "recover", "role": "validator", "index": 1}])");
  // Item ready at 2; the block due at 10 never comes (2 of 4 down >= 1/3); 3 of 4 are back at
  // 50, the height restarts then and commits at 60: finality 59 s.
  const Run r = run("validators", s, {1.0});
  CHECK(r.summary["finality_s"]["mean"].get<double>() == doctest::Approx(59.0).epsilon(0.01));
  const auto up = column(r.timeseries, "up_validator");
  CHECK(up[0] == 2);   // window [0, 10): sampled at 10, after the crash
  CHECK(up[5] == 3);   // window [50, 60)
  const auto blocks = column(r.timeseries, "blocks");
  CHECK(blocks[1] == 0);  // [10, 20): halted
  CHECK(blocks[6] == 1);  // [60, 70): the first block after recovery
}

TEST_CASE("a verifier crash sends its check to another verifier which starts it over") {
  json s = base();
  s["workload"]["classes"][0]["verification"] = "tee";
  s["roles"]["verifier"] = {{"count", 2}, {"cores", 1}};
  s["proof"]["tee"]["attestation_check_s"] = 10;
  s["faults"]["events"] = json::parse(R"([{"time_s": 5, "kind": "crash", "role": "verifier", "index": 0}])");
  // The attestation reaches verifier 0 at 2.070042; the crash at 5 moves it to verifier 1,
  // which takes the full 10 s: verified at 15.
  const Run r = run("verifier-crash", s, {1.0});
  CHECK(r.summary["requests"]["completed"].get<int>() == 1);
  CHECK(stage(r.summary, "verify") == doctest::Approx(15 - 2.070042));
  CHECK(r.summary["verification"]["checked"].get<int>() == 1);
}

TEST_CASE("zkml verification catches every wrong result of a malicious node and vanilla catches none") {
  json s = base();
  s["faults"]["events"] = json::parse(R"([{"time_s": 0, "kind": "malicious_start", "index": 0, "factor": 1}])");
  const std::vector<double> arrivals{1, 2, 3, 4, 5};
  const Run vanilla = run("malicious-vanilla", s, arrivals);
  CHECK(vanilla.summary["requests"]["completed"].get<int>() == 5);
  CHECK(vanilla.summary["requests"]["invalid_undetected"].get<int>() == 5);
  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["verifier"] = {{"count", 1}};
  const Run zkml = run("malicious-zkml", s, arrivals);
  CHECK(zkml.summary["requests"]["invalid"].get<int>() == 5);
  CHECK(zkml.summary["requests"]["completed"].get<int>() == 0);
  CHECK(zkml.summary["verification"]["caught_invalid"].get<int>() == 5);
}

TEST_CASE("a cold node loads its model from storage before the router may choose it") {
  json s = base();
  s["roles"]["inference"]["cold_start"] = true;
  s["roles"]["inference"]["model_bytes"] = 8e6;
  s["roles"]["storage"] = {{"count", 1}, {"read_min_s", 2}, {"read_bandwidth_Bps", 1e6}};
  // 8 MB at 1 MB/s: loaded at 8. The request at 1 finds no node (rejected), the one at 10 is served.
  const Run r = run("cold", s, {1.0, 10.0});
  CHECK(r.summary["requests"]["rejected"].get<int>() == 1);
  CHECK(r.summary["requests"]["completed"].get<int>() == 1);
  CHECK(r.summary["latency_s"]["max"].get<double>() == doctest::Approx(1.0));
}

TEST_CASE("a region cut holds messages until it heals and its nodes leave routing meanwhile") {
  json s = base();
  s["platform"]["regions"].push_back({{"name", "far"}, {"latency_s", 0}, {"bandwidth_Bps", 1e12}});
  s["roles"]["inference"]["regions"] = {"far"};
  s["roles"]["client"] = {{"regions", {"lab"}}};
  s["faults"]["events"] = json::parse(R"([{"time_s": 1.5, "kind": "region_cut", "region": "far"},
                                          {"time_s": 5, "kind": "region_restore", "region": "far"}])");
  // Request 1: at the node at 1.1, done at 2.1; its result waits at the cut until 5, then 0.1 s
  // back: latency 4.1. Request 2 at 3: no reachable node, rejected. Request 3 at 10: normal.
  const Run r = run("cut", s, {1.0, 3.0, 10.0});
  CHECK(r.summary["requests"]["completed"].get<int>() == 2);
  CHECK(r.summary["requests"]["rejected"].get<int>() == 1);
  CHECK(r.summary["latency_s"]["max"].get<double>() == doctest::Approx(4.1).epsilon(0.01));
}

TEST_CASE("with placement provers, zkml proofs queue at a prover node instead of the inference node") {
  json s = base();
  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["verifier"] = {{"count", 1}};
  s["roles"]["prover"] = {{"count", 1}, {"provers", 1}};
  s["proof"]["placement"] = "provers";
  // The inference node (4 slots) finishes at 2.0 and 2.1 and hands both results over; the one
  // prover proves them in 12.8 s each, FIFO: [2, 14.8) and [14.8, 27.6).
  const Run r = run("prover-nodes", s, {1.0, 1.1});
  CHECK(r.summary["requests"]["completed"].get<int>() == 2);
  CHECK(stage(r.summary, "proof", "max") == doctest::Approx(25.5).epsilon(0.01));
  CHECK(stage(r.summary, "proof", "mean") == doctest::Approx((12.8 + 25.5) / 2).epsilon(0.01));
  // Twice the provers: both in parallel.
  s["roles"]["prover"]["provers"] = 2;
  const Run two = run("prover-nodes-2", s, {1.0, 1.1});
  CHECK(stage(two.summary, "proof", "max") == doctest::Approx(12.8).epsilon(0.01));
}

TEST_CASE("a prover node's crash hands its proofs to another prover node, which starts them over") {
  json s = base();
  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["verifier"] = {{"count", 1}};
  s["roles"]["prover"] = {{"count", 2}, {"provers", 1}};
  s["proof"]["placement"] = "provers";
  s["faults"]["events"] = json::parse(R"([{"time_s": 5, "kind": "crash", "role": "prover", "index": 0}])");
  // Proving starts at 2.0 on prover 0, which crashes at 5; prover 1 starts over: done at 17.8.
  const Run r = run("prover-crash", s, {1.0});
  CHECK(r.summary["requests"]["completed"].get<int>() == 1);
  CHECK(stage(r.summary, "proof", "max") == doctest::Approx(15.8).epsilon(0.01));
  const auto up = column(r.timeseries, "up_prover");
  CHECK(up[0] == 1);  // window [0, 10): sampled at 10, after the crash
  const auto backlog = column(r.timeseries, "prover_backlog");
  CHECK(backlog[0] == 1);  // the restarted proof, at prover 1 until 17.8
  CHECK(backlog[1] == 0);
}

TEST_CASE("a slow node takes factor times longer for work it starts while slow") {
  json s = base();
  s["faults"]["events"] = json::parse(R"([{"time_s": 0, "kind": "slow_start", "index": 0, "factor": 3},
                                          {"time_s": 10, "kind": "slow_end", "index": 0}])");
  const Run r = run("slow", s, {1.0, 20.0});
  CHECK(stage(r.summary, "inference", "max") == doctest::Approx(3.0).epsilon(0.01));
  CHECK(stage(r.summary, "inference", "mean") == doctest::Approx(2.0).epsilon(0.01));
}

TEST_CASE("zkml proofs wait for a free prover on their node") {
  json s = base();
  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["verifier"] = {{"count", 1}};
  s["proof"]["zkml"]["provers_per_node"] = 1;
  // EZKL proves the 119k-parameter model in 12.8 s: the first proof runs [2, 14.8), the second
  // (inference done at 2.1) waits for the prover and runs [14.8, 27.6).
  const Run r = run("provers", s, {1.0, 1.1});
  CHECK(stage(r.summary, "proof", "max") == doctest::Approx(25.5).epsilon(0.01));
  CHECK(stage(r.summary, "proof", "mean") == doctest::Approx((12.8 + 25.5) / 2).epsilon(0.01));
}

TEST_CASE("every role reports its nodes up through its registry line, and the prover columns come only with prover nodes") {
  json s = base();
  s["roles"]["storage"] = {{"count", 2}};
  s["roles"]["data"] = {{"count", 3}};
  s["roles"]["verifier"] = {{"count", 1}};
  const Run without = run("signals-without-prover", s, {1.0});
  const std::string header = without.timeseries.substr(0, without.timeseries.find('\n'));
  CHECK(header.find("up_prover") == std::string::npos);
  CHECK(header.find("prover_backlog") == std::string::npos);
  CHECK(column(without.timeseries, "up_inference")[0] == 1);
  CHECK(column(without.timeseries, "up_verifier")[0] == 1);
  CHECK(column(without.timeseries, "up_data")[0] == 3);
  CHECK(column(without.timeseries, "up_storage")[0] == 2);
  CHECK(column(without.timeseries, "up_validator")[0] == 0);

  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["prover"] = {{"count", 2}, {"provers", 1}};
  s["proof"]["placement"] = "provers";
  const Run with = run("signals-with-prover", s, {1.0});
  CHECK(column(with.timeseries, "up_prover")[0] == 2);
  CHECK(column(with.timeseries, "up_storage")[0] == 2);
}
