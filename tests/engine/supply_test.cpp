// Supply, allocation and staking through the engine: the supply stays constant to the base unit
// in every ledger row with every flow active (fees, rewards from the bucket, delegation,
// slashing to the treasury, joins and users), accounts.csv adds up to it at every epoch end,
// rewards come out of the staking-rewards bucket and stop when it is empty, minting is an
// explicit option, and an operator slashed below the minimum stake leaves at once.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

constexpr std::int64_t kSupply = 1'000'000'000'000'000'000;  // 1e9 OPG in base units

json base() {
  return json::parse(R"({
    "duration_s": 600, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 2, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60}
  })");
}

std::string trace(int n, double every_s) {
  std::ostringstream out;
  out << "time_s,class,prompt_tokens,output_tokens\n";
  for (int i = 0; i < n; ++i) out << 1 + i * every_s << ",c,1000,200\n";
  return out.str();
}

struct Out {
  json summary;
  std::vector<std::map<std::string, double>> ledger;
  std::string ledger_text, accounts, events;
};

Out run(const std::string& name, const json& scenario, const std::string& trace_csv) {
  const auto dir = temp_dir("supply-" + name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  std::ofstream(dir / "trace.csv") << trace_csv;
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  Out out{read_json(dir / "out" / "summary.json"), {}, read_file(dir / "out" / "ledger.csv"),
          read_file(dir / "out" / "accounts.csv"), read_file(dir / "out" / "events.csv")};
  out.ledger = parse_numeric_csv(out.ledger_text);
  std::filesystem::remove_all(dir);
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return out;
}

// The integer cell `col` of every CSV row, as text (exact: no double).
std::vector<std::vector<std::string>> rows(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream l(line);
    std::string c;
    while (std::getline(l, c, ',')) cells.push_back(c);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    out.push_back(cells);
  }
  return out;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}
}  // namespace

TEST_CASE("the supply is constant to the base unit in every ledger row with every flow active") {
  json s = base();
  // Fees to the operators and the treasury, slashes to the treasury (no burn): nothing may leave supply.
  s["economy"]["fees"]["shares"] = {{"operator", 0.8}, {"treasury", 0.2}};
  s["economy"]["slash_destination"] = "treasury";
  s["economy"]["slash_invalid_fraction"] = 0.01;
  s["economy"]["operators"]["initially_active"] = 1;  // the other one joins
  s["economy"]["operators"]["join_threshold_usd_per_hour"] = -1e9;
  s["economy"]["operators"]["provisioning_s"] = 30;
  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["verifier"] = {{"count", 1}};
  s["faults"]["events"] = json::parse(R"([{"time_s": 200, "kind": "malicious_start", "index": 0, "factor": 0.5}])");
  const Out r = run("constant", s, trace(200, 3));
  const auto ledger = rows(r.ledger_text);
  const std::size_t supply = column(ledger[0], "supply_units"), minted = column(ledger[0], "minted_units"),
                    rewards = column(ledger[0], "rewards_units"), delegated = column(ledger[0], "delegated_units");
  REQUIRE(ledger.size() == 12);  // 10 epochs and the drain, after the header
  bool rewarded = false;
  for (std::size_t i = 1; i < ledger.size(); ++i) {
    CHECK(ledger[i][supply] == "1000000000000000000");
    CHECK(ledger[i][minted] == "0");
    CHECK(ledger[i][delegated] == "80000000000000000");  // 80M OPG delegated, moved but never lost
    rewarded = rewarded || ledger[i][rewards] != "0";
  }
  CHECK(rewarded);
  CHECK(r.summary["economy"]["totals"]["fees_units"].get<std::int64_t>() > 0);
  CHECK(r.summary["economy"]["totals"]["slashed_units"].get<std::int64_t>() > 0);
  CHECK(r.summary["economy"]["totals"]["operators_joined"].get<int>() == 1);
  CHECK(r.summary["economy"]["end"]["supply_units"].get<std::int64_t>() == kSupply);
  // accounts.csv: at every epoch end the accounts hold exactly the supply.
  const auto accounts = rows(r.accounts);
  const std::size_t t = column(accounts[0], "t_end_s"), bal = column(accounts[0], "balance_units"),
                    st = column(accounts[0], "staked_units"), unb = column(accounts[0], "unbonding_units");
  std::map<std::string, __int128_t> held;
  for (std::size_t i = 1; i < accounts.size(); ++i)
    held[accounts[i][t]] += static_cast<__int128_t>(std::stoll(accounts[i][bal])) + std::stoll(accounts[i][st]) +
                            std::stoll(accounts[i][unb]);
  CHECK(held.size() == 11);
  for (const auto& [when, sum] : held) {
    INFO(when);
    CHECK(sum == kSupply);
  }
  CHECK(r.accounts.find(",bucket,4,staking_rewards,") != std::string::npos);
  CHECK(r.events.find(",slash_invalid,operator[0],") != std::string::npos);
  CHECK(r.events.find(",operator_joined,operator[1],") != std::string::npos);
}

TEST_CASE("rewards are drawn from the staking bucket and stop when it is empty") {
  json s = base();
  // A 100 OPG staking bucket, all unlocked at TGE; the linear schedule asks 23.766553880 OPG per 60 s epoch.
  s["economy"]["allocation"] = json::parse(R"([
    {"name": "ecosystem", "share": 0.9999999, "schedule": {"tge_share": 1}, "purpose": "ecosystem"},
    {"name": "staking_rewards", "share": 0.0000001, "schedule": {"tge_share": 1}, "purpose": "staking_rewards"}])");
  const Out r = run("empty", s, trace(120, 5));  // fees in every epoch: the work part is paid too
  const std::int64_t per_epoch = 23'766'553'880;
  REQUIRE(r.ledger.size() >= 6);
  const auto units = [&](std::size_t row, const char* col) { return static_cast<std::int64_t>(r.ledger.at(row).at(col)); };
  for (std::size_t i = 0; i < 4; ++i) CHECK(units(i, "rewards_units") == per_epoch);
  CHECK(units(4, "rewards_units") == 100'000'000'000 - 4 * per_epoch);  // the last 4.93 OPG
  CHECK(units(4, "rewards_bucket_units") == 0);
  for (std::size_t i = 5; i < r.ledger.size(); ++i) CHECK(units(i, "rewards_units") == 0);
  CHECK(r.summary["economy"]["totals"]["rewards_units"].get<std::int64_t>() == 100'000'000'000);
  CHECK(r.summary["economy"]["totals"]["minted_units"].get<std::int64_t>() == 0);
  CHECK(r.summary["economy"]["end"]["supply_units"].get<std::int64_t>() == kSupply);
  CHECK(r.events.find("300,rewards_bucket_empty,bucket[1],0,") != std::string::npos);
}

TEST_CASE("minting is an explicit option: the supply grows by exactly the rewards") {
  json s = base();
  s["economy"]["emissions"]["source"] = "mint";
  const Out r = run("mint", s, trace(120, 5));
  const auto rewards = r.summary["economy"]["totals"]["rewards_units"].get<std::int64_t>();
  // The 10 epochs of 600 s: floor(1e17 units x 600 s / 96 months of 2,629,746 s), floored once.
  CHECK(rewards == 237'665'538'801);
  CHECK(r.summary["economy"]["totals"]["minted_units"].get<std::int64_t>() == rewards);
  CHECK(r.summary["economy"]["end"]["supply_units"].get<std::int64_t>() == kSupply + rewards);
  CHECK(r.summary["economy"]["end"]["rewards_bucket_units"].get<std::int64_t>() == 100'000'000 * 1'000'000'000LL);
}

TEST_CASE("an operator slashed below the minimum stake stops serving at once, not at the epoch's end") {
  json s = base();
  s["economy"]["epoch_s"] = 600;
  s["economy"]["slash_invalid_fraction"] = 0.6;  // 10,000 -> 4,000 OPG, below the 5,000 minimum
  s["workload"]["classes"][0]["verification"] = "zkml";
  s["workload"]["classes"][0]["model_parameters"] = 119000;
  s["roles"]["verifier"] = {{"count", 1}};
  s["faults"]["events"] = json::parse(R"([{"time_s": 0, "kind": "malicious_start", "index": 0, "factor": 1}])");
  const Out r = run("forced", s, trace(40, 10));
  CHECK(r.summary["economy"]["totals"]["operators_forced_out"].get<int>() == 1);
  const auto events = rows(r.events);
  bool found = false;
  for (std::size_t i = 1; i < events.size(); ++i)
    if (events[i][1] == "forced_out") {
      found = true;
      CHECK(events[i][2] == "operator[0]");
      CHECK(std::stod(events[i][0]) < 60);  // at the first caught result, long before the epoch's end (600 s)
      CHECK(events[i][3] == "4000000000000");
    }
  CHECK(found);
}

TEST_CASE("a bad allocation names the file and the bucket's path in one line") {
  const auto dir = temp_dir("supply-bad");
  const auto check = [&](const char* allocation, const std::string& message) {
    json s = base();
    s["economy"]["allocation"] = json::parse(allocation);
    std::ofstream(dir / "bad.json") << s.dump(2);
    const auto r = run_opgsim({"run", (dir / "bad.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.json: " + message) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  };
  check(R"([{"name": "a", "share": 0.5}])", "economy.allocation: shares must sum to 1, got 0.5");
  check(R"([{"name": "a", "share": 0.5}, {"name": "a", "share": 0.5}])",
        "economy.allocation[1].name: \"a\" is used by an earlier bucket");
  std::filesystem::remove_all(dir);
}
