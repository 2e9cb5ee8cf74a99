// x402 payments through the engine (economy.payments.type x402): a charge computed from the
// answer's actual tokens and paid in the next payment-chain block, the operator paid while
// settlement lags, the gateway's handshake refusing requests (payer short, chain down), charges
// waiting through an outage (events.csv), the refund rule on late answers, bad input, and the
// per-request-settlement network whose operators no longer leave. Amounts are hand-computed to
// the base unit; every run checks conservation.
#include <doctest/doctest.h>

#include <fstream>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// One node serving every request in 1 s (no network latency), three requests at 1, 2 and 3 s of
// 1,000 prompt and 200 output tokens, no emission: only fees move tokens. x402 with 2.5 s blocks
// (so no answer lands on a block boundary).
json base() {
  return json::parse(R"({
    "duration_s": 60, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"type": "none"},
                "payments": {"type": "x402", "block_time_s": 2.5}}
  })");
}

struct Run {
  json summary;
  std::vector<std::map<std::string, double>> ledger;
  std::string events;
  json payments() const { return summary["economy"]["payments"]; }
  std::int64_t fees() const { return summary["economy"]["totals"]["fees_units"].get<std::int64_t>(); }
};

Run run(const std::string& name, const json& scenario, const std::vector<std::string>& extra = {}) {
  const auto dir = temp_dir("payments-" + name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  std::ofstream(dir / "trace.csv")
      << "time_s,class,prompt_tokens,output_tokens\n1,c,1000,200\n2,c,1000,200\n3,c,1000,200\n";
  std::vector<std::string> args{"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Run out{read_json(dir / "out" / "summary.json"), parse_numeric_csv(read_file(dir / "out" / "ledger.csv")),
          read_file(dir / "out" / "events.csv")};
  std::filesystem::remove_all(dir);
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return out;
}
}  // namespace

// The sanitizer build runs SimGrid's thread contexts, where the payment chain's daemon once
// deadlocked at the end of every run (its lock unlocked, a simcall, while SimGrid killed it): a
// hang here times the test out.
TEST_CASE("a run with a payment chain ends under SimGrid's thread contexts, with the same payments") {
  const Run raw = run("raw-contexts", base());
  const Run thread = run("thread-contexts", base(), {"--cfg=contexts/factory:thread"});
  CHECK(thread.payments() == raw.payments());
  CHECK(thread.fees() == raw.fees());
}

TEST_CASE("an x402 charge is the answer's token fee, paid in the next payment-chain block") {
  const Run r = run("blocks", base());
  // 1,000 x 0.25 + 200 x 2 USD per million tokens = 0.00065 USD, at 0.10 USD per OPG: 0.0065 OPG each.
  CHECK(r.payments()["charges"] == 3);
  CHECK(r.payments()["charged_units"] == 19'500'000);
  CHECK(r.fees() == 19'500'000);
  CHECK(r.ledger.at(0).at("payments_units") == 19'500'000);
  CHECK(r.ledger.at(0).at("payments_pending_units") == 0);
  // Answers at 2, 3 and 4 s; blocks every 2.5 s: paid at 2.5, 5 and 5 s, i.e. 0.5, 2 and 1 s later.
  CHECK(r.payments()["latency_mean_s"].get<double>() == doctest::Approx(3.5 / 3));
  CHECK(r.payments()["latency_max_s"].get<double>() == doctest::Approx(2.0));
  CHECK(r.payments()["lapsed"] == 0);
  CHECK(r.payments()["rejected"] == 0);
}

TEST_CASE("with x402 the operator is paid while the settlement chain has not settled anything") {
  json s = base();
  // Batched settlement that flushes only after 300 s idle: nothing settles within the run.
  s["roles"]["validator"] = {{"count", 4}, {"block_time_s", 10}, {"settlement", {{"mode", "batched"}}}};
  const Run x = run("slow-settle-x402", s);
  CHECK(x.summary["chain"]["settled_items"] == 0);
  CHECK(x.fees() == 19'500'000);  // all to the operator (the default share)
  CHECK(x.ledger.at(0).at("fees_units") == 19'500'000);
  s["economy"]["payments"] = {{"type", "settlement"}};
  const Run settle = run("slow-settle-settlement", s);
  CHECK(settle.summary["chain"]["settled_items"] == 0);
  CHECK(settle.fees() == 0);  // settlement payments wait for a settlement that never comes
  CHECK(settle.summary["economy"].count("payments") == 0);
  CHECK(settle.ledger.at(0).count("payments_units") == 0);
}

TEST_CASE("the gateway refuses a request whose payer cannot cover the x402 pre-check") {
  json s = base();
  // 20,000 OPG in all, 10,000 staked by the operator: nobody can spend 1M OPG.
  s["economy"]["initial_supply_opg"] = 20000;
  s["economy"]["allocation"] = json::array();
  s["economy"]["delegation"] = {{"initial_opg", 0}};
  s["economy"]["payments"]["precheck_opg"] = 1e6;
  const Run r = run("precheck", s);
  CHECK(r.summary["requests"]["rejected"] == 3);
  CHECK(r.payments()["rejected"] == 3);
  CHECK(r.payments()["rejected_chain_down"] == 0);
  CHECK(r.payments()["charges"] == 0);
  CHECK(r.fees() == 0);
  CHECK(r.ledger.at(0).at("payments_rejected") == 3);
}

TEST_CASE("during a payment-chain outage handshakes fail and computed charges wait for the first block after it") {
  json s = base();
  s["faults"]["events"] = json::parse(R"([{"time_s": 2.2, "kind": "payment_chain_down"},
                                          {"time_s": 30, "kind": "payment_chain_up"}])");
  const Run r = run("outage", s);
  // Request 1 (answered at 2 s) and request 2 (accepted at 2 s, answered at 3 s) wait; request 3
  // (at 3 s) is refused. Block 32.5 s pays both: 30.5 and 29.5 s after their charges.
  CHECK(r.summary["requests"]["rejected"] == 1);
  CHECK(r.payments()["rejected"] == 1);
  CHECK(r.payments()["rejected_chain_down"] == 1);
  CHECK(r.payments()["outages"] == 1);
  CHECK(r.payments()["charges"] == 2);
  CHECK(r.fees() == 13'000'000);
  CHECK(r.payments()["latency_mean_s"].get<double>() == doctest::Approx(30.0));
  CHECK(r.payments()["latency_max_s"].get<double>() == doctest::Approx(30.5));
  CHECK(r.events.find("2.2,payment_chain_down,,6500000,pending_charges=1") != std::string::npos);
  CHECK(r.events.find("30,payment_chain_up,,13000000,pending_charges=2") != std::string::npos);
}

TEST_CASE("a charge still waiting when the run stops is reported pending, not paid") {
  json s = base();
  s["faults"]["events"] = json::parse(R"([{"time_s": 2.2, "kind": "payment_chain_down"}])");
  const Run r = run("pending", s);
  CHECK(r.payments()["pending"] == 2);
  CHECK(r.payments()["pending_units"] == 13'000'000);
  CHECK(r.fees() == 0);
  CHECK(r.ledger.back().at("payments_pending_units") == 13'000'000);
}

TEST_CASE("the refund rule: a late answer is charged with charge_on inferred, not with delivered") {
  json s = base();
  s["roles"]["inference"]["service"]["mean_s"] = 2;
  s["workload"]["timeout_s"] = 1.5;  // every answer comes 0.5 s after its user gave up
  const Run delivered = run("late-delivered", s);
  CHECK(delivered.summary["requests"]["timed_out"] == 3);
  CHECK(delivered.payments()["charges"] == 0);
  CHECK(delivered.payments()["lapsed"] == 3);
  CHECK(delivered.fees() == 0);
  s["economy"]["payments"]["charge_on"] = "inferred";
  const Run inferred = run("late-inferred", s);
  CHECK(inferred.summary["requests"]["timed_out"] == 3);
  CHECK(inferred.payments()["charges"] == 3);
  CHECK(inferred.payments()["lapsed"] == 0);
  CHECK(inferred.fees() == 19'500'000);
}

TEST_CASE("payment-chain faults need x402 payments and take no node or region") {
  const auto fails = [](const json& s, const std::string& path, const std::string& what) {
    const auto dir = temp_dir("payments-bad");
    std::ofstream(dir / "s.json") << s.dump(2);
    std::ofstream(dir / "trace.csv") << "time_s,class,prompt_tokens,output_tokens\n1,c,1000,200\n";
    const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path) != std::string::npos);
    CHECK(r.err.find(what) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') <= 1);
  };
  json s = base();
  s["economy"]["payments"] = {{"type", "settlement"}};
  s["faults"]["events"] = json::parse(R"([{"time_s": 5, "kind": "payment_chain_down"}])");
  fails(s, "faults.events[0].kind", "needs economy.enabled and economy.payments.type x402");
  s = base();
  s["faults"]["events"] = json::parse(R"([{"time_s": 5, "kind": "payment_chain_down", "index": 0}])");
  fails(s, "faults.events[0].index", "not used by payment_chain_down");
  s = base();
  s["faults"]["events"] = json::parse(R"([{"time_s": 5, "kind": "payment_chain_up"}])");
  fails(s, "faults.events[0]", "payment_chain_up of the payment chain");
  s = base();
  s["economy"]["payments"]["block_time_s"] = 0;
  fails(s, "economy.payments.block_time_s", "0.001");
}

namespace {
// 8 H100 nodes under 40 requests/s (about 15 USD/h of fees per node at 0.10 USD per OPG), GPUs at
// 8 USD/h, and 4 validators settling each request in its own transaction: the settlement chain
// settles far fewer than 40 a second, so fees paid at settlement fall far behind what the GPUs serve.
json per_request_settlement() {
  json s = read_json(std::filesystem::path(OPGSIM_SOURCE_DIR) / "scenarios" / "baseline.json");
  s.erase("description");
  s["duration_s"] = 600;
  s["warmup_s"] = 0;
  s["drain_s"] = 60;
  s["roles"]["inference"]["count"] = 8;
  s["workload"]["arrivals"]["rate_rps"] = 40;
  s["roles"]["validator"] = {{"count", 4}, {"block_time_s", 10}, {"settlement", {{"mode", "per_request"}}}};
  s["economy"] = json::parse(R"({"enabled": true, "epoch_s": 60,
                                 "operators": {"gpu_cost_usd_per_hour": 8, "patience_epochs": 3, "min_active": 2}})");
  return s;
}

json run_summary(const std::string& name, const json& s) {
  const auto files = opgsim::test::run_scenario_text(name, s.dump(2), "");
  CHECK(files.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return files.summary;
}
}  // namespace

TEST_CASE("per-request settlement drives operators out when fees wait for it, and no longer with x402") {
  json s = per_request_settlement();
  s["economy"]["payments"] = {{"type", "settlement"}};
  const json settle = run_summary("per-request-settlement", s);
  // The GPUs serve everything, but the fees of what they served arrive as the chain settles it.
  CHECK(settle["chain"]["settled_items"].get<double>() < 0.5 * settle["requests"]["submitted"].get<double>());
  // 3 of 8 leave within 3 epochs (the run settles at 5 here).
  CHECK(settle["economy"]["totals"]["operators_left"].get<int>() >= 3);
  CHECK(settle["economy"]["end"]["operators_active"].get<int>() < 8);
  s["economy"]["payments"] = {{"type", "x402"}};
  const json x402 = run_summary("per-request-x402", s);
  CHECK(x402["economy"]["end"]["operators_active"] == 8);
  CHECK(x402["economy"]["totals"]["operators_left"] == 0);
  CHECK(x402["economy"]["payments"]["rejected"] == 0);
  // Every request was answered in time and charged at once, though most are not settled yet.
  CHECK(x402["economy"]["payments"]["charges"].get<std::int64_t>() + x402["economy"]["payments"]["pending"].get<std::int64_t>() ==
        x402["requests"]["submitted"].get<std::int64_t>());
}
