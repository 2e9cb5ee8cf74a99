// The x402 escrow through the engine (sim/engine/economy_escrow.cpp): an x402 charge lands
// before the verifier and the validators have served its request, so their fee shares wait in the
// x402_escrow account and go to the verifier that checked it and the proposer of the block that
// settled it; when the request ends before its charge lands (a payment-chain outage) the shares go
// straight to them; a request the run stops before settlement keeps the validators' share in
// escrow (summary.json economy.payments.escrow_units). Amounts hand-computed to the base unit.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// One inference node answering in 1 s, one verifier checking TEE attestations, four validators
// settling each request in its own transaction (10 s blocks); three requests at 1, 2 and 3 s of
// 1,000 prompt and 200 output tokens: 0.00065 USD = 6,500,000 units each at 0.10 USD per OPG,
// split 50 / 30 / 20 % to the operator, the verifier and the validators (3,250,000, 1,950,000
// and 1,300,000 units). No emission: only fees move tokens. Payment-chain blocks every 2.5 s.
json base() {
  return json::parse(R"({
    "duration_s": 60, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}},
              "verifier": {"count": 1},
              "validator": {"count": 4, "block_time_s": 10, "settlement": {"mode": "per_request"}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"},
                 "classes": [{"name": "c", "verification": {"type": "tee"}}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"type": "none"},
                "fees": {"shares": {"operator": 0.5, "verifier": 0.3, "validators": 0.2}},
                "payments": {"type": "x402", "block_time_s": 2.5}}
  })");
}

struct Run {
  json summary;
  std::map<std::string, std::int64_t> balance;  // accounts.csv's last row of each account
  std::string accounts;
  json payments() const { return summary["economy"]["payments"]; }
  std::int64_t validators() const {
    std::int64_t sum = 0;
    for (int v = 0; v < 4; ++v) sum += balance.at("validator[" + std::to_string(v) + "]");
    return sum;
  }
};

Run run(const std::string& name, const json& scenario) {
  const auto dir = temp_dir("escrow-" + name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  std::ofstream(dir / "trace.csv")
      << "time_s,class,prompt_tokens,output_tokens\n1,c,1000,200\n2,c,1000,200\n3,c,1000,200\n";
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Run out{read_json(dir / "out" / "summary.json"), {}, read_file(dir / "out" / "accounts.csv")};
  std::filesystem::remove_all(dir);
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  // t_end_s,account,kind,index,label,balance_units,...: later rows overwrite earlier ones.
  std::istringstream in(out.accounts);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    REQUIRE(cells.size() >= 6);
    out.balance[cells[1]] = std::stoll(cells[5]);
  }
  return out;
}
}  // namespace

TEST_CASE("x402 shares of the verifier and the validators wait in escrow and reach them when they serve") {
  const Run r = run("served", base());
  CHECK(r.summary["requests"]["completed"] == 3);
  CHECK(r.summary["verification"]["checked"] == 3);
  CHECK(r.payments()["charges"] == 3);
  CHECK(r.balance.at("operator[0]") == 3 * 3'250'000);
  CHECK(r.balance.at("verifier[0]") == 3 * 1'950'000);
  CHECK(r.validators() == 3 * 1'300'000);  // to each block's proposer
  CHECK(r.balance.at("x402_escrow") == 0);
  CHECK(r.accounts.find(",x402_escrow,x402_escrow,0,,") != std::string::npos);
  CHECK(r.payments()["escrow_units"] == 0);
  CHECK(r.payments()["escrow_released_units"] == 3 * (1'950'000 + 1'300'000));
  CHECK(r.payments()["escrow_forfeited_units"] == 0);
}

TEST_CASE("a request settled before its x402 charge lands pays the verifier and the proposer directly") {
  json s = base();
  // Charges wait from 2.2 s to the block at 32.5 s; requests 1 and 2 are settled by then (10 s
  // blocks), request 3 is refused by the handshake.
  s["faults"]["events"] = json::parse(R"([{"time_s": 2.2, "kind": "payment_chain_down"},
                                          {"time_s": 30, "kind": "payment_chain_up"}])");
  const Run r = run("settled-first", s);
  CHECK(r.payments()["charges"] == 2);
  CHECK(r.summary["chain"]["settled_items"] == 2);
  CHECK(r.balance.at("operator[0]") == 2 * 3'250'000);
  CHECK(r.balance.at("verifier[0]") == 2 * 1'950'000);
  CHECK(r.validators() == 2 * 1'300'000);
  CHECK(r.balance.at("x402_escrow") == 0);
  CHECK(r.payments()["escrow_released_units"] == 0);  // never held: the earners were known when they landed
}

TEST_CASE("a request the run stops before settlement keeps the validators' share in x402 escrow") {
  json s = base();
  // Batched settlement that flushes only after 300 s idle: nothing settles within the run.
  s["roles"]["validator"]["settlement"] = {{"mode", "batched"}};
  const Run r = run("unsettled", s);
  CHECK(r.summary["chain"]["settled_items"] == 0);
  CHECK(r.payments()["charges"] == 3);
  CHECK(r.balance.at("verifier[0]") == 3 * 1'950'000);  // the verifier served them
  CHECK(r.validators() == 0);
  CHECK(r.balance.at("x402_escrow") == 3 * 1'300'000);
  CHECK(r.payments()["escrow_units"] == 3 * 1'300'000);
  CHECK(r.payments()["escrow_opg"].get<double>() == doctest::Approx(0.0039));
  CHECK(r.payments()["escrow_forfeited_units"] == 0);
}

TEST_CASE("with settlement payments or the default shares there is no x402 escrow account") {
  json s = base();
  s["economy"]["fees"].erase("shares");  // all to the inference operator
  const Run r = run("default-shares", s);
  CHECK(r.balance.count("x402_escrow") == 0);
  CHECK(r.payments().count("escrow_units") == 0);
  CHECK(r.balance.at("operator[0]") == 3 * 6'500'000);
  s = base();
  s["economy"]["payments"] = {{"type", "settlement"}};
  const Run settle = run("settlement", s);
  CHECK(settle.balance.count("x402_escrow") == 0);
  CHECK(settle.balance.at("verifier[0]") == 3 * 1'950'000);
  CHECK(settle.validators() == 3 * 1'300'000);
}
