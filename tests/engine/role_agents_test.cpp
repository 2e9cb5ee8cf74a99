// Operators of the roles other than inference as agents (economy.roles.<role>, issue 11 item 6):
// verifiers with revenue for 2 of 4 settle at 2 under staggered decisions; a verifier that left
// gets no more work (its balance stops) and no request is lost; validators never go below their
// quorum; data nodes, which have no ledger account unless their operators decide, get one when
// they do; the same scenario twice gives the same files.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

struct Files {
  json summary;
  std::string ledger, events, accounts, timeseries;
};

Files run_files(const std::string& name, const json& scenario, const std::vector<std::string>& sets = {}) {
  const auto dir = temp_dir("agents-" + name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  std::vector<std::string> args{"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  const auto r = run_opgsim(args, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Files out{read_json(dir / "out" / "summary.json"), read_file(dir / "out" / "ledger.csv"),
            read_file(dir / "out" / "events.csv"), read_file(dir / "out" / "accounts.csv"),
            read_file(dir / "out" / "timeseries.csv")};
  std::filesystem::remove_all(dir);
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return out;
}

// 10 requests/s of 1,000 prompt and 200 output tokens with TEE attestations checked by 4
// verifiers: each pays 0.00065 USD, all of it to the verifier that checked it, so 23.4 USD an
// hour is shared by the active verifiers, each paying 9 USD an hour. Four earn 5.85 and three
// 7.80 USD an hour each (losses); two earn 11.70 (a profit). Inference operators cost nothing
// (they stay); nobody joins (join threshold out of reach). Fees are paid at settlement (under
// x402 the verifier share waits in the x402 escrow until its verifier has checked the request:
// tests/engine/escrow_test.cpp and the x402 case below).
json verifiers_2_of_4() {
  return json::parse(R"({
    "duration_s": 7200, "drain_s": 120,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 2, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 64}},
              "verifier": {"count": 4}},
    "router": {"placement": "client", "policy": {"type": "round_robin"}},
    "workload": {"arrivals": {"type": "poisson", "rate_rps": 10}, "classes": [{"name": "c", "verification": {"type": "tee"}}],
                 "prompt_tokens": {"type": "constant", "value": 1000},
                 "output_tokens": {"type": "constant", "value": 200},
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 600, "emissions": {"type": "none"},
                "payments": {"type": "settlement"},
                "fees": {"shares": {"operator": 0, "verifier": 1}},
                "operators": {"gpu_cost_usd_per_hour": 0, "join_threshold_usd_per_hour": 1e9},
                "roles": {"verifier": {"decide": true, "cost_usd_per_hour": 9, "cost_spread": 0,
                                       "patience_epochs": 3, "join_threshold_usd_per_hour": 1e9}}}
  })");
}

// The rows of events.csv (t_s,kind,account,amount_units,details) of one kind.
std::vector<std::vector<std::string>> events_of(const std::string& csv, const std::string& kind) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    if (cells.size() >= 2 && cells[1] == kind) out.push_back(cells);
  }
  return out;
}

// An account's balance_units at each epoch end, from accounts.csv.
std::vector<std::pair<double, double>> balances(const std::string& csv, const std::string& account) {
  std::vector<std::pair<double, double>> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  {
    std::stringstream hs(line);
    std::string h;
    while (std::getline(hs, h, ',')) header.push_back(h);
  }
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t t = col("t_end_s"), a = col("account"), b = col("balance_units");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) cells.push_back(cell);
    if (cells.size() > b && cells[a] == account) out.emplace_back(std::stod(cells[t]), std::stod(cells[b]));
  }
  return out;
}
}  // namespace

TEST_CASE("with revenue for 2 of 4 verifiers, staggered decisions settle at 2 and no request is lost") {
  const Files f = run_files("verifiers", verifiers_2_of_4());
  const json& e = f.summary["economy"];
  CHECK(e["roles"]["verifier"]["operators_active"].get<int>() == 2);
  CHECK(e["roles"]["verifier"]["operators_left"].get<int>() == 2);
  CHECK(e["roles"]["verifier"]["operators_joined"].get<int>() == 0);
  CHECK(e["end"]["operators_active"].get<int>() == 2);  // the inference operators all stay
  // Never below 2: one leaves at a time, each on its own estimate.
  double fewest = 4;
  for (const auto& row : parse_numeric_csv(f.ledger)) fewest = std::min(fewest, row.at("verifier_operators_active"));
  CHECK(fewest == 2);
  // Every request ends completed (checked by a verifier that was in), none is lost with a leaver.
  const json& req = f.summary["requests"];
  CHECK(req["completed"].get<std::int64_t>() == req["submitted"].get<std::int64_t>());
  CHECK(f.summary["verification"]["checked"].get<std::int64_t>() == req["completed"].get<std::int64_t>());
  // The two leavers are named with their role; after leaving each earns nothing more (no work
  // reaches it), while the two that stay keep earning.
  const auto left = events_of(f.events, "operator_left");
  REQUIRE(left.size() == 2);
  for (const auto& row : left) {
    CHECK(row[4] == "role=verifier reason=unprofitable");
    const double at = std::stod(row[0]);
    const auto b = balances(f.accounts, row[2]);
    REQUIRE(!b.empty());
    double at_leave = -1;
    for (const auto& [t, units] : b)
      if (t == at) at_leave = units;
    REQUIRE(at_leave >= 0);
    CHECK(b.back().second == at_leave);
  }
  // Two verifiers check 10 attestations a second with 8 cores each: no backlog builds up.
  double backlog = 0;
  for (const auto& row : parse_numeric_csv(f.timeseries))
    if (row.count("verifier_backlog") != 0) backlog = std::max(backlog, row.at("verifier_backlog"));
  CHECK(backlog < 50);
}

TEST_CASE("under x402 the verifier share reaches the verifiers through the escrow: still 2 of 4") {
  json s = verifiers_2_of_4();
  s["economy"]["payments"] = {{"type", "x402"}};
  const Files f = run_files("verifiers-x402", s);
  const json& e = f.summary["economy"];
  CHECK(e["roles"]["verifier"]["operators_active"].get<int>() == 2);
  CHECK(e["roles"]["verifier"]["operators_left"].get<int>() == 2);
  // Every fee (all of it the verifier share) reached the verifier that checked it (held until it
  // checked, or paid to it when the charge landed after the check) or waits in escrow for a check
  // under way at the end; none went to the treasury.
  CHECK(e["payments"]["escrow_forfeited_units"] == 0);
  double verifiers = 0;
  for (int v = 0; v < 4; ++v) verifiers += balances(f.accounts, "verifier[" + std::to_string(v) + "]").back().second;
  CHECK(verifiers + e["payments"]["escrow_units"].get<double>() == e["totals"]["fees_units"].get<double>());
  CHECK(e["totals"]["fees_units"].get<double>() > 0);
}

TEST_CASE("role agents are deterministic, and off by default change nothing in the ledger's columns") {
  const Files a = run_files("det-a", verifiers_2_of_4(), {"duration_s=3600"});
  const Files b = run_files("det-b", verifiers_2_of_4(), {"duration_s=3600"});
  CHECK(a.ledger == b.ledger);
  CHECK(a.events == b.events);
  CHECK(a.accounts == b.accounts);
  CHECK(a.summary["economy"] == b.summary["economy"]);
  // Off: no per-role column, no economy.roles block, the verifiers never leave.
  const Files off = run_files("off", verifiers_2_of_4(), {"duration_s=3600", "economy.roles.verifier.decide=false"});
  CHECK(off.ledger.find("verifier_operators_active") == std::string::npos);
  CHECK(!off.summary["economy"].contains("roles"));
  CHECK(events_of(off.events, "operator_left").empty());
}

TEST_CASE("validators that lose money leave down to their quorum and the chain keeps committing") {
  // 4 validators earning nothing (no fee share, no emission) at 1 USD an hour: all want to leave,
  // the quorum floor(2 x 4 / 3) + 1 = 3 keeps three, and blocks keep committing.
  json s = verifiers_2_of_4();
  s["roles"]["verifier"]["count"] = 1;
  s["roles"]["validator"] = {{"count", 4}, {"block_time_s", 2}};
  s["economy"]["roles"] = {{"validator", {{"decide", true}, {"cost_usd_per_hour", 1}, {"cost_spread", 0},
                                          {"join_threshold_usd_per_hour", 1e9}}}};
  const Files f = run_files("validators", s, {"duration_s=3600"});
  CHECK(f.summary["economy"]["roles"]["validator"]["operators_active"].get<int>() == 3);
  CHECK(f.summary["economy"]["totals"]["downtime_slashes"].get<int>() == 0);  // a leaver owes no signatures
  // The leaver is out of the voting set (its proposer turns fail) yet every request but the last
  // batch still in the mempool when the run stops (as without the option) is settled.
  const json& req = f.summary["requests"];
  CHECK(f.summary["chain"]["failed_rounds"].get<std::int64_t>() > 0);
  CHECK(req["failed"].get<std::int64_t>() == 0);
  CHECK(req["completed"].get<std::int64_t>() + req["unfinished"].get<std::int64_t>() ==
        req["submitted"].get<std::int64_t>());
  CHECK(req["unfinished"].get<std::int64_t>() == f.summary["chain"]["pending_items_end"].get<std::int64_t>());
  CHECK(f.summary["chain"]["settled_items"].get<std::int64_t>() == req["completed"].get<std::int64_t>());
}

TEST_CASE("data operators have ledger accounts only when they decide") {
  json s = verifiers_2_of_4();
  s["workload"]["classes"][0]["needs_data"] = true;
  s["roles"]["data"] = {{"count", 2}};
  s["economy"].erase("roles");
  const Files off = run_files("data-off", s, {"duration_s=1200"});
  CHECK(off.accounts.find("data[0]") == std::string::npos);
  s["economy"]["roles"] = {{"data", {{"decide", true}, {"cost_usd_per_hour", 0}}}};
  const Files on = run_files("data-on", s, {"duration_s=1200"});
  CHECK(on.accounts.find("data[0]") != std::string::npos);
  CHECK(on.summary["economy"]["roles"]["data"]["operators_active"].get<int>() == 2);
}
