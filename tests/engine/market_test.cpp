// The amm market and the fee-elastic demand through the engine (issue 11 items 4 and 5), against
// hand-computed amounts: users buying their budget from the pool move its price by the
// constant-product amount, operators sell exactly the OPG that covers their GPU cost, every swap
// keeps the tokens conserved, and doubling the fee divides the users' request rate by 2^elasticity.
#include <doctest/doctest.h>

#include <cmath>

#include "tests/engine/opgsim_process.hpp"

namespace {
using nlohmann::json;
using opgsim::test::parse_numeric_csv;

// One node, three requests of 1,000 prompt and 200 output tokens, no emission; the amm market
// seeded with 1,000 OPG and 100 USD (0.10 USD), no swap fee; 10 users with 10 OPG each to buy.
json base() {
  return json::parse(R"({
    "duration_s": 60, "drain_s": 60,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 1, "concurrency": 4}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "trace", "file": "trace.csv"}, "classes": [{"name": "c"}],
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"type": "none"},
                "price": {"market": {"type": "amm", "opg": 1000, "usd": 100, "fee_bps": 0, "operator_cost_cover": 0}},
                "users": {"initial_users": 10, "budget_opg": 10}}
  })");
}

struct Run {
  json summary;
  std::vector<std::map<std::string, double>> ledger;
};

Run run(const std::string& name, const json& scenario, const std::string& trace =
            "time_s,class,prompt_tokens,output_tokens\n1,c,1000,200\n2,c,1000,200\n3,c,1000,200\n") {
  const auto files = opgsim::test::run_scenario_text("market-" + name, scenario.dump(2), trace);
  Run out{files.summary, parse_numeric_csv(files.ledger)};
  CHECK(out.summary["invariants"]["token_conservation"]["ok"].get<bool>());
  return out;
}

std::int64_t units(const json& v) { return v.get<std::int64_t>(); }
}  // namespace

TEST_CASE("users buying their budget from the amm pool move the price by the constant-product amount") {
  const Run r = run("buy", base());
  // 100 OPG out of 1,000: the least USD in is ceil(100 x 100 / 900) = 11.111112 USD (micro-USD,
  // rounded up), which buys floor(1,000 x 11.111112 / 111.111112) = 100.000007199 OPG.
  const json& m = r.summary["economy"]["market"];
  CHECK(units(m["bought_units"]) == 100'000'007'199);
  CHECK(units(m["pool_opg_units"]) == 899'999'992'801);
  CHECK(m["pool_usd"].get<double>() == doctest::Approx(111.111112));
  CHECK(units(m["sold_units"]) == 0);
  // The price goes from 0.10 to 0.10 x (1000 / 900)^2 = 0.123457 USD (up to the rounding above).
  CHECK(r.ledger.at(0).at("token_price_usd") == doctest::Approx(0.1 * (1000.0 / 900) * (1000.0 / 900)).epsilon(1e-7));
  CHECK(r.summary["economy"]["end"]["token_price_usd"].get<double>() == doctest::Approx(0.12345679).epsilon(1e-7));
  CHECK(r.ledger.at(0).at("bought_units") == 100'000'007'199);
  CHECK(r.ledger.at(0).at("pool_opg_units") == 899'999'992'801);
  // Fees are paid from what the users bought, priced in USD at the new price: 0.00065 / 0.1234568 OPG.
  CHECK(units(r.summary["economy"]["totals"]["fees_units"]) == doctest::Approx(3 * 0.00065 / 0.12345679 * 1e9).epsilon(1e-6));
}

TEST_CASE("operators sell to the amm pool exactly the OPG that covers their GPU cost") {
  json s = base();
  // Fees of 0.40025 USD a request (capped at 10 OPG) give the operator about 9.7 OPG to sell from;
  // its GPU costs 3.6 USD/h, 0.06 USD for the 60 s epoch.
  s["economy"]["fees"] = {{"usd_per_million_output", 2000}, {"cap_opg", 10}};
  s["economy"]["operators"] = {{"gpu_cost_usd_per_hour", 3.6}, {"cost_spread", 0}};
  s["economy"]["price"]["market"]["operator_cost_cover"] = 1;
  const Run r = run("sell", s);
  // Against the pool after the users' buy (899.999992801 OPG, 111.111112 USD): the least OPG in
  // for 0.06 USD out is ceil(60,000 x 899,999,992,801 / (111,111,112 - 60,000)) units.
  CHECK(r.ledger.at(0).at("sold_units") == 486'262'575);
  CHECK(r.ledger.at(0).at("pool_opg_units") == 899'999'992'801 + 486'262'575);
  CHECK(r.ledger.at(0).at("pool_usd") == doctest::Approx(111.051112));
  CHECK(r.summary["economy"]["market"]["usd_out"].get<double>() == doctest::Approx(0.06));
}

TEST_CASE("an amm market takes no price series and no floor") {
  json s = base();
  s["economy"]["price"]["floor_usd"] = 0.05;
  const auto dir = opgsim::test::temp_dir("market-floor");
  std::ofstream(dir / "s.json") << s.dump(2);
  std::ofstream(dir / "trace.csv") << "time_s,class,prompt_tokens,output_tokens\n1,c,1000,200\n";
  const auto r = opgsim::test::run_opgsim({"run", (dir / "s.json").string(), "--quiet", "--out", (dir / "out").string()}, dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("economy.price.floor_usd") != std::string::npos);
}

namespace {
// 1,000 users at 0.01 requests/s each (10/s), who never leave; demand elasticity 0.5.
json demand(double usd_per_million_output) {
  json s = json::parse(R"({
    "duration_s": 120, "drain_s": 30,
    "platform": {"regions": [{"name": "lab", "latency_s": 0, "bandwidth_Bps": 1e12}]},
    "roles": {"inference": {"count": 1, "service": {"type": "deterministic", "mean_s": 0.1, "concurrency": 64}}},
    "router": {"placement": "client"},
    "workload": {"arrivals": {"type": "users", "rate_rps": null}, "classes": [{"name": "c"}],
                 "prompt_tokens": {"type": "constant", "value": 1000},
                 "output_tokens": {"type": "constant", "value": 200},
                 "bytes_per_token": 1, "payload_overhead_bytes": 0},
    "economy": {"enabled": true, "epoch_s": 60, "emissions": {"type": "none"},
                "users": {"initial_users": 1000, "requests_per_user_per_s": 0.01, "return_probability": 1,
                          "failure_weight": 0, "slow_weight": 0, "demand": {"elasticity": 0.5}}}
  })");
  s["economy"]["fees"] = {{"usd_per_million_input", 0.25 * usd_per_million_output / 2},
                          {"usd_per_million_output", usd_per_million_output}};
  return s;
}
}  // namespace

TEST_CASE("doubling the fee divides the request rate by 2^elasticity") {
  // At the list price the reference request costs its reference price (0.00065 USD): 10 requests/s.
  // Doubled, it costs 0.0013 USD and the rate is 10 x 2^-0.5 = 7.0711 requests/s.
  const Run list = run("demand-list", demand(2.0), "");
  const Run doubled = run("demand-double", demand(4.0), "");
  CHECK(list.ledger.at(0).at("request_rate_rps") == doctest::Approx(10.0));
  CHECK(doubled.ledger.at(0).at("request_rate_rps") == doctest::Approx(10.0 / std::sqrt(2.0)));
  // The arrivals follow: about 1,200 requests in 120 s against about 849.
  const double ratio = doubled.summary["requests"]["submitted"].get<double>() /
                       list.summary["requests"]["submitted"].get<double>();
  CHECK(ratio == doctest::Approx(1 / std::sqrt(2.0)).epsilon(0.08));
}
