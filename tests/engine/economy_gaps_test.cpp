// Issue 11's remaining gaps through the engine, against hand-computed amounts: an epoch in which
// nobody earned a fee pays its whole emission by stake (economy.emissions.without_fees), the old
// rule still leaves the work half unpaid; the operators of every deciding role sell to the amm
// pool the OPG that covers their hardware cost, like inference operators; grants without users
// arrivals are refused with the file and the JSON path.
#include <doctest/doctest.h>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// Two nodes, three requests at 1, 2 and 3 s (so only the first epoch has fees), ten 60 s epochs,
// the linear emission minted (the supply shows exactly what was paid).
json idle_after_first_epoch() {
  return json::parse(R"({
    "duration_s": 600, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 2, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"source": "mint"}}
  })");
}

const char* kThree = "time_s,class,prompt_tokens,output_tokens\n1,c,1000,200\n2,c,1000,200\n3,c,1000,200\n";

// The linear schedule's emission in epoch k (0-based) of 60 s: floor(1e17 x 60 (k+1) / P) -
// floor(1e17 x 60 k / P) units, P = 96 months of 2,629,746 s (models/economy/emissions.hpp).
std::int64_t emitted(int k) {
  const __int128_t total = static_cast<__int128_t>(100'000'000) * 1'000'000'000;
  const __int128_t period = 96LL * 2'629'746;
  return static_cast<std::int64_t>(total * 60 * (k + 1) / period - total * 60 * k / period);
}
}  // namespace

TEST_CASE("an epoch without fees pays its whole emission by stake, and the unpaid rule halves it") {
  const auto stake = opgsim::test::run_scenario_text("gaps-idle", idle_after_first_epoch().dump(2), kThree);
  const auto unpaid = opgsim::test::run_scenario_text("gaps-idle-unpaid", idle_after_first_epoch().dump(2), kThree,
                                                      {"economy.emissions.without_fees=unpaid"});
  const auto a = parse_numeric_csv(stake.ledger), b = parse_numeric_csv(unpaid.ledger);
  REQUIRE(a.size() >= 10);
  REQUIRE(b.size() == a.size());
  CHECK(emitted(0) == 23'766'553'880);
  // Epoch 0 has fees: both rules pay all of it (work by fees, the rest by stake).
  CHECK(a[0].at("fees_units") > 0);
  CHECK(static_cast<std::int64_t>(a[0].at("rewards_units")) == emitted(0));
  CHECK(static_cast<std::int64_t>(b[0].at("rewards_units")) == emitted(0));
  for (int k = 1; k < 10; ++k) {
    CAPTURE(k);
    CHECK(a[k].at("fees_units") == 0);
    // stake: the whole emission; unpaid: emitted - floor(emitted x 0.5), the stake half.
    CHECK(static_cast<std::int64_t>(a[k].at("rewards_units")) == emitted(k));
    CHECK(static_cast<std::int64_t>(b[k].at("rewards_units")) == emitted(k) - emitted(k) / 2);
  }
  // minted_units is the running total: with the stake rule, all of the schedule's first 600 s.
  const __int128_t total = static_cast<__int128_t>(100'000'000) * 1'000'000'000;
  CHECK(static_cast<std::int64_t>(a[9].at("minted_units")) == static_cast<std::int64_t>(total * 600 / (96LL * 2'629'746)));
  CHECK(stake.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  CHECK(unpaid.summary["invariants"]["token_conservation"]["ok"].get<bool>());
}

TEST_CASE("operators of a deciding role sell to the amm pool the OPG that covers their hardware cost") {
  // market_test.cpp's pool (1,000 OPG, 100 USD, no swap fee) after 10 users bought 100 OPG; the one
  // inference operator costs nothing (sells nothing); the one data node's operator decides and its
  // hardware costs 3.6 USD/h (0.06 USD for the 60 s epoch). Its liquid OPG is its staking reward:
  // the minted emission all by stake (work_share 0), half of it (10,000 OPG staked each, no
  // delegation): 11.88 OPG, more than it sells.
  json s = json::parse(R"({
    "duration_s": 60, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}},
              "data": {"count": 1}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"source": "mint", "work_share": 0},
                "delegation": {"initial_opg": 0},
                "price": {"market": {"type": "amm", "opg": 1000, "usd": 100, "fee_bps": 0, "operator_cost_cover": 1}},
                "operators": {"gpu_cost_usd_per_hour": 0, "cost_spread": 0},
                "roles": {"data": {"decide": true, "cost_usd_per_hour": 3.6, "cost_spread": 0}},
                "users": {"initial_users": 10, "budget_opg": 10}}
  })");
  const auto r = opgsim::test::run_scenario_text("gaps-role-sell", s.dump(2), kThree);
  const auto ledger = parse_numeric_csv(r.ledger);
  REQUIRE(!ledger.empty());
  // The least OPG in for 0.06 USD out of the pool at 899.999992801 OPG and 111.111112 USD:
  // ceil(60,000 x 899,999,992,801 / (111,111,112 - 60,000)) units (as market_test.cpp's inference case).
  CHECK(ledger.at(0).at("sold_units") == 486'262'575);
  CHECK(ledger.at(0).at("pool_opg_units") == 899'999'992'801 + 486'262'575);
  CHECK(r.summary["economy"]["market"]["usd_out"].get<double>() == doctest::Approx(0.06));
  CHECK(r.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  // Not deciding: the data node has no operator that pays hardware, nothing is sold.
  const auto off = opgsim::test::run_scenario_text("gaps-role-sell-off", s.dump(2), kThree,
                                                   {"economy.roles.data.decide=false"});
  CHECK(parse_numeric_csv(off.ledger).at(0).at("sold_units") == 0);
}

TEST_CASE("grants without users arrivals are refused with the file and the path") {
  const auto dir = temp_dir("gaps-grants");
  std::ofstream(dir / "fund.json")
      << R"({"economy": {"enabled": true, "fund": {"enabled": true, "grant_usd_per_day": 100}}})";
  auto r = run_opgsim({"run", (dir / "fund.json").string(), "--out", (dir / "out").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("fund.json: economy.fund.grant_usd_per_day: grants bring users: they need "
                   "workload.arrivals.type users") != std::string::npos);
  std::ofstream(dir / "gov.json") << R"({"economy": {"enabled": true, "governance": {"enabled": true, "proposers": [
      {"type": "set_fee", "at_s": 10, "value": 2}, {"type": "treasury_spend", "at_s": 10, "value": 5}]}}})";
  r = run_opgsim({"run", (dir / "gov.json").string(), "--out", (dir / "out").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("gov.json: economy.governance.proposers[1].type: grants bring users") != std::string::npos);
  CHECK(!std::filesystem::exists(dir / "out"));
  // With users arrivals the same fund runs.
  std::ofstream(dir / "ok.json") << R"({"duration_s": 60, "drain_s": 10, "workload": {"arrivals": {"type": "users"}},
      "economy": {"enabled": true, "users": {"initial_users": 10}, "fund": {"enabled": true, "grant_usd_per_day": 100}}})";
  r = run_opgsim({"validate", (dir / "ok.json").string()}, dir);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  std::filesystem::remove_all(dir);
}
