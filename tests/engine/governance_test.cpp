// Governance and the ecosystem fund through the engine (issue 11 items 7 and 8), against
// hand-computed amounts: a passed proposal changes the fee at exactly its execution time (the
// end of its voting period), a proposal short of quorum changes nothing, a grant brings its user
// cohort after the lag, and a subsidy pays each active operator exactly its USD in OPG from the
// treasury.
#include <doctest/doctest.h>

#include <sstream>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;
using opgsim::test::read_file;
using opgsim::test::read_json;
using opgsim::test::run_opgsim;
using opgsim::test::temp_dir;

// One node, requests of 1,000 prompt and 200 output tokens: 0.00065 USD at 0.10 USD/OPG is
// 6,500,000 base units. No emission, users never leave.
json base() {
  return json::parse(R"({
    "duration_s": 180, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"type": "none"},
                "operators": {"gpu_cost_usd_per_hour": 0, "cost_spread": 0},
                "users": {"initial_users": 10, "budget_opg": 10}}
  })");
}

// Requests finishing at 169.5 s and 170.5 s, either side of a voting end at 170 s.
const char* kTrace = "time_s,class,prompt_tokens,output_tokens\n168.5,c,1000,200\n169.5,c,1000,200\n";

struct Out {
  json summary;
  std::vector<std::map<std::string, double>> ledger;
  std::string ledger_text, events;
};

// An integer column of ledger.csv, exactly (doubles lose units above 2^53).
std::vector<std::int64_t> int_column(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line, cell;
  std::getline(in, line);
  std::istringstream h(line);
  std::size_t col = 0, at = std::string::npos;
  for (; std::getline(h, cell, ','); ++col)
    if (cell == name) at = col;
  REQUIRE(at != std::string::npos);
  std::vector<std::int64_t> out;
  while (std::getline(in, line)) {
    std::istringstream l(line);
    for (std::size_t c = 0; std::getline(l, cell, ','); ++c)
      if (c == at) out.push_back(std::stoll(cell));
  }
  return out;
}

Out run(const std::string& name, const json& scenario, const std::string& trace = kTrace) {
  const auto dir = temp_dir("gov-" + name);
  std::ofstream(dir / "s.json") << scenario.dump(2);
  std::ofstream(dir / "trace.csv") << trace;
  const auto r = run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string ledger = read_file(dir / "out" / "ledger.csv");
  Out out{read_json(dir / "out" / "summary.json"), parse_numeric_csv(ledger), ledger,
          read_file(dir / "out" / "events.csv")};
  std::filesystem::remove_all(dir);
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("a passed proposal doubles the fee at exactly the end of its voting period") {
  json s = base();
  // Proposed at the first epoch end at or after 60 s (60 s), voting for 110 s: executed at 170 s.
  // The operator's fee revenue doubles (elasticity 0): it and its delegators vote yes, all the
  // bonded stake, so quorum and threshold are met.
  s["economy"]["governance"] = json::parse(R"({"enabled": true, "voting_period_s": 110,
      "proposers": [{"type": "set_fee", "at_s": 60, "value": 2}]})");
  const Out r = run("pass", s);
  // The request finishing at 169.5 s pays 6,500,000 units; the one at 170.5 s pays 2 x 0.00065 USD
  // / 0.10 = 13,000,000.
  REQUIRE(r.ledger.size() >= 3);  // 60, 120, 180 (and the drain)
  CHECK(r.ledger.at(2).at("fees_units") == 6'500'000 + 13'000'000);
  CHECK(r.ledger.at(1).at("fee_multiplier") == 1);
  CHECK(r.ledger.at(2).at("fee_multiplier") == 2);
  CHECK(r.summary["economy"]["totals"]["fees_units"].get<std::int64_t>() == 19'500'000);
  const json& g = r.summary["economy"]["governance"];
  CHECK(g["proposals"] == 1);
  CHECK(g["passed"] == 1);
  CHECK(g["executed"] == 1);
  CHECK(g["fee_multiplier"].get<double>() == 2);
  CHECK(r.events.find("60,proposal_submitted,,0,id=0 kind=set_fee value=2 rule=set_fee at_s=60 voting_ends_s=170") !=
        std::string::npos);
  CHECK(r.events.find("170,proposal_passed,") != std::string::npos);
  CHECK(r.events.find("170,proposal_executed,,0,id=0 kind=set_fee fee_multiplier=2 usd_per_million_input=0.5 "
                      "usd_per_million_output=4") != std::string::npos);
  // The tally: the operator's 10,000 OPG and its delegators' 80M, all yes, against 80,010,000 bonded.
  CHECK(r.events.find("170,vote_tally,,80010000000000000,id=0 yes_units=80010000000000000 no_units=0 "
                      "abstain_units=0 bonded_units=80010000000000000 turnout=1") != std::string::npos);

  // Without governance the same two requests pay 6,500,000 each.
  const Out off = run("pass-off", base());
  CHECK(off.ledger.at(2).at("fees_units") == 13'000'000);
  CHECK(off.ledger.at(0).count("fee_multiplier") == 0);
  CHECK(!off.summary["economy"].contains("governance"));
}

TEST_CASE("a proposal short of quorum is rejected and changes nothing") {
  json s = base();
  // Three validators (100,000 OPG each, no fee share) do not vote on a fee, nor their delegators:
  // the operator's 10,000 + 20M delegated vote, 20,010,000 of 80,310,000 bonded (24.9 %) < 33.4 %.
  s["drain_s"] = 600;  // the requests settle (and pay) in the drain
  s["roles"]["validator"] = {{"count", 3}, {"block_time_s", 10}, {"settlement", {{"mode", "per_request"}}}};
  s["economy"]["governance"] = json::parse(R"({"enabled": true, "voting_period_s": 110,
      "proposers": [{"type": "set_fee", "at_s": 60, "value": 2}]})");
  const Out r = run("quorum", s);
  CHECK(r.events.find("170,vote_tally,,20010000000000000,id=0 yes_units=20010000000000000 no_units=0 abstain_units=0 "
                      "bonded_units=80310000000000000 turnout=0.24916") != std::string::npos);
  CHECK(r.events.find("170,proposal_rejected,,0,id=0 kind=set_fee") != std::string::npos);
  CHECK(count(r.events, "proposal_executed") == 0);
  // Both requests pay the old fee.
  CHECK(r.summary["economy"]["totals"]["fees_units"].get<std::int64_t>() == 13'000'000);
  CHECK(r.ledger.back().at("fee_multiplier") == 1);
  CHECK(r.summary["economy"]["governance"]["rejected"] == 1);
  CHECK(r.summary["economy"]["governance"]["executed"] == 0);
  // Everything else as without governance.
  json off = base();
  off["drain_s"] = 600;
  off["roles"]["validator"] = {{"count", 3}, {"block_time_s", 10}, {"settlement", {{"mode", "per_request"}}}};
  const Out o = run("quorum-off", off);
  CHECK(o.summary["economy"]["totals"] == r.summary["economy"]["totals"]);
  CHECK(o.summary["economy"]["end"] == r.summary["economy"]["end"]);
}

namespace {
// 1,000 users at 0.001 requests/s who never leave; no fees to speak of.
json users_base() {
  json s = base();
  s["duration_s"] = 240;
  s["workload"] = json::parse(R"({"arrivals": {"type": "users", "rate_rps": null}, "classes": [{"name": "c"}],
      "prompt_tokens": {"type": "constant", "value": 1000}, "output_tokens": {"type": "constant", "value": 200},
      "bytes_per_token": 1, "payload_overhead_bytes": 0})");
  s["economy"]["users"] = json::parse(R"({"initial_users": 1000, "requests_per_user_per_s": 0.001,
      "return_probability": 1, "failure_weight": 0, "slow_weight": 0, "budget_opg": 1})");
  return s;
}
}  // namespace

TEST_CASE("a grant brings its user cohort after the lag") {
  json s = users_base();
  // 14,400 USD a day is 10 USD a 60 s epoch: 100 OPG at 0.10 USD, 10 users at 1 USD each, 120 s later.
  s["economy"]["fund"] = json::parse(R"({"enabled": true, "grant_usd_per_day": 14400, "grant_usd_per_user": 1,
      "grant_lag_s": 120})");
  const Out r = run("grant", s, "");
  REQUIRE(r.ledger.size() >= 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK(r.ledger.at(i).at("grants_units") == 100'000'000'000);
  // Paid at 60 and 120 s, the cohorts arrive at 180 and 240 s.
  CHECK(r.ledger.at(0).at("grant_users") == 0);
  CHECK(r.ledger.at(1).at("grant_users") == 0);
  CHECK(r.ledger.at(2).at("grant_users") == 10);
  CHECK(r.ledger.at(3).at("grant_users") == 10);
  CHECK(r.ledger.at(1).at("active_users") == 1000);
  CHECK(r.ledger.at(2).at("active_users") == 1010);
  CHECK(r.ledger.at(3).at("active_users") == 1020);
  const json& f = r.summary["economy"]["fund"];
  CHECK(f["grants_units"].get<std::int64_t>() == 400'000'000'000);
  CHECK(f["grant_users"] == 20);
  CHECK(f["grant_users_pending"] == 20);  // paid at 180 and 240 s, due at 300 and 360 s
  CHECK(r.events.find("60,grant_paid,builder[0],100000000000,usd=10 users_due=10 due_s=180 by=fund") !=
        std::string::npos);
  CHECK(r.events.find("180,grant_users_arrived,,0,users=10 cohort=") != std::string::npos);
}

TEST_CASE("a subsidy pays each active operator its USD in OPG from the treasury, to the base unit") {
  json s = base();
  s["roles"]["inference"]["count"] = 2;
  // 3.6 USD/h for a 60 s epoch is 0.06 USD: 0.6 OPG at 0.10 USD, 600,000,000 units each.
  s["economy"]["fund"] = json::parse(R"({"enabled": true, "subsidy_usd_per_hour": 3.6})");
  const Out r = run("subsidy", s);
  json o = base();
  o["roles"]["inference"]["count"] = 2;
  const Out off = run("subsidy-off", o);
  const auto treasury = int_column(r.ledger_text, "treasury_units"), treasury_off = int_column(off.ledger_text, "treasury_units");
  const auto paid = int_column(r.ledger_text, "subsidies_units");
  REQUIRE(treasury.size() >= 3);
  REQUIRE(treasury_off.size() == treasury.size());
  for (std::size_t i = 0; i < 3; ++i) {  // every decided epoch (not the drain)
    CHECK(paid[i] == 1'200'000'000);
    // The treasury is poorer by exactly the subsidies paid so far.
    CHECK(treasury_off[i] - treasury[i] == 1'200'000'000 * static_cast<std::int64_t>(i + 1));
  }
  for (std::size_t i = 3; i < paid.size(); ++i) CHECK(paid[i] == 0);  // the drain pays nothing
  CHECK(r.summary["economy"]["fund"]["subsidies_units"].get<std::int64_t>() == 3'600'000'000);
  CHECK(r.summary["economy"]["fund"]["subsidy_payments"] == 6);
  CHECK(count(r.events, ",subsidy_paid,,1200000000,operators=2 each_units=600000000 usd_per_hour=3.6") == 3);
}

TEST_CASE("a passed reward-rate proposal doubles the emission from its execution on") {
  // Minted emission (no bucket cap). Everyone's yield doubles: all the bonded stake votes yes.
  json s = base();
  s["economy"]["emissions"] = {{"type", "linear"}, {"source", "mint"}};
  json off = s;
  s["economy"]["governance"] = json::parse(R"({"enabled": true, "voting_period_s": 110,
      "proposers": [{"type": "set_reward_rate", "at_s": 60, "value": 2}]})");
  const Out r = run("reward", s), o = run("reward-off", off);
  const auto on_rewards = int_column(r.ledger_text, "rewards_units"), off_rewards = int_column(o.ledger_text, "rewards_units");
  REQUIRE(on_rewards.size() >= 3);
  REQUIRE(off_rewards.size() == on_rewards.size());
  // Executed at 170 s: the epochs ending at 60 and 120 s pay as without governance, the one
  // ending at 180 s (its fees make both halves payable) exactly twice as much.
  CHECK(on_rewards[0] == off_rewards[0]);
  CHECK(on_rewards[1] == off_rewards[1]);
  CHECK(off_rewards[2] > 0);
  CHECK(on_rewards[2] == 2 * off_rewards[2]);
  CHECK(r.ledger.at(2).at("reward_multiplier") == 2);
  CHECK(r.events.find("170,proposal_executed,,0,id=0 kind=set_reward_rate reward_multiplier=2") != std::string::npos);
}

TEST_CASE("a proposal whose voting period outlasts the run is reported open at its end, never executed") {
  json s = base();
  // Proposed at 60 s, voting until 1,060 s: the run (180 s and its drain) ends first.
  s["economy"]["governance"] = json::parse(R"({"enabled": true, "voting_period_s": 1000,
      "proposers": [{"type": "set_fee", "at_s": 60, "value": 2}]})");
  const Out r = run("open-at-end", s);
  CHECK(count(r.events, ",proposal_open_at_end,,0,id=0 kind=set_fee submitted_s=60 voting_ends_s=1060") == 1);
  CHECK(count(r.events, "proposal_executed") == 0);
  CHECK(r.summary["economy"]["governance"]["proposals"] == 1);
  CHECK(r.summary["economy"]["governance"]["executed"] == 0);
  CHECK(r.summary["economy"]["totals"]["fees_units"].get<std::int64_t>() == 13'000'000);  // the fee never changed
}

TEST_CASE("a proposer rule proposes again after repeat_after_days, and only once without it") {
  json s = base();
  // A scheduled rule due from 0 s, voting 30 s, at the epoch ends 60, 120 and 180 s. With a
  // 0.0005-day (43.2 s) cooldown it proposes at each of them; the last one's vote (210 s) is
  // after the epochs: open at the end.
  s["economy"]["governance"] = json::parse(R"({"enabled": true, "voting_period_s": 30,
      "proposers": [{"type": "set_fee", "at_s": 0, "value": 2, "repeat_after_days": 0.0005}]})");
  const Out r = run("repeat", s);
  CHECK(r.summary["economy"]["governance"]["proposals"] == 3);
  // The first two were tallied (the second proposes the fee already in force), the third not.
  CHECK(r.summary["economy"]["governance"]["passed"].get<int>() + r.summary["economy"]["governance"]["rejected"].get<int>() == 2);
  CHECK(count(r.events, "proposal_submitted") == 3);
  CHECK(count(r.events, "120,proposal_submitted,,0,id=1 kind=set_fee") == 1);
  CHECK(count(r.events, "180,proposal_submitted,,0,id=2 kind=set_fee") == 1);
  CHECK(count(r.events, "proposal_open_at_end,,0,id=2 kind=set_fee submitted_s=180 voting_ends_s=210") == 1);
  s["economy"]["governance"]["proposers"][0].erase("repeat_after_days");
  const Out once = run("once", s);
  CHECK(once.summary["economy"]["governance"]["proposals"] == 1);
  CHECK(count(once.events, "proposal_open_at_end") == 0);
}
