// The Economy driven without SimGrid (a fake EconomyHost), fed a period's traffic in aggregate:
// fees to the base unit, conservation and a constant supply.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sim/engine/economy.hpp"
#include "sim/scenario/scenario.hpp"

using namespace opgsim;

namespace {
struct FakeHost final : engine::EconomyHost {
  double t = 0;
  std::vector<std::pair<std::uint32_t, engine::ControlMessage::Op>> controls;
  double now() const override { return t; }
  std::size_t clients() const override { return 3; }
  void control_operator(std::uint32_t node, engine::ControlMessage::Op op) override { controls.emplace_back(node, op); }
  void control(std::size_t, std::uint32_t, engine::ControlMessage::Op) override {}
  void publish_stake(std::uint32_t, double) override {}
  void wake_clients() override {}
  void set_escrow_fee(std::uint32_t, economy::Amount) override {}
};

Scenario scenario(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"economy.enabled=true", "workload.arrivals={\"type\":\"users\"}",
                                   "workload.prompt_tokens={\"type\":\"constant\",\"value\":1000}",
                                   "workload.output_tokens={\"type\":\"constant\",\"value\":100}",
                                   "economy.emissions.type=none", "economy.epoch_s=86400", "duration_s=172800",
                                   "warmup_s=0"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return load_scenario(std::string(OPGSIM_SOURCE_DIR) + "/scenarios/baseline.json", sets);
}

// accounts.csv's balance_units of `account` at its last row.
std::int64_t balance(const std::string& csv, const std::string& account) {
  std::istringstream in(csv);
  std::string line;
  std::int64_t out = -1;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, ',');) cells.push_back(c);
    if (cells.size() > 5 && cells[1] == account) out = std::stoll(cells[5]);
  }
  return out;
}
}  // namespace

TEST_CASE("aggregate ingestion: 1000 completed requests pay 4,500,000 units each, split evenly over 24 operators") {
  const Scenario s = scenario();
  FakeHost host;
  engine::Economy e(s, host);
  e.start();
  const auto supply0 = e.conservation_invariant()["supply_units"].get<std::int64_t>();
  CHECK(e.active_nodes(0) == 24);
  CHECK(e.request_rate() == doctest::Approx(1000 * s.economy.users.requests_per_user_per_s));
  std::vector<engine::Economy::ClassTraffic> t(1);
  t[0].offered = 1010;
  t[0].completed = 1000;
  t[0].failed = 10;
  t[0].prompt_tokens = 1000 * 1000.0;
  t[0].output_tokens = 1000 * 100.0;
  host.t = 86400;
  e.ingest_aggregate(t, 86400);
  CHECK(e.next_wakeup() == 86400);
  e.advance(86400);
  const nlohmann::json sum = e.summary();
  // 1000 x (1000 x 0.25 + 100 x 2) / 1e6 USD / 0.10 USD per OPG = 4.5 OPG = 4,500,000,000 units, 100 % to operators.
  CHECK(sum["totals"]["fees_units"] == 4'500'000'000);
  CHECK(balance(e.accounts_csv(), "operator[0]") == 187'500'000);  // 4.5e9 / 24
  CHECK(balance(e.accounts_csv(), "operator[23]") == 187'500'000);
  CHECK(balance(e.accounts_csv(), "user[0]") == 100'000'000'000'000 - 4'500'000'000);  // 1000 users x 100 OPG budget
  CHECK(e.conservation_invariant()["ok"] == true);
  CHECK(e.conservation_invariant()["supply_units"].get<std::int64_t>() == supply0);  // nothing minted or burned
  CHECK(sum["totals"]["burned_units"] == 0);
}

TEST_CASE("aggregate ingestion: shares to the treasury and the burn, supply falls by the burn exactly") {
  const Scenario s = scenario({"economy.fees.shares={\"operator\":0.5,\"treasury\":0.3,\"burn\":0.2}"});
  FakeHost host;
  engine::Economy e(s, host);
  e.start();
  const auto supply0 = e.conservation_invariant()["supply_units"].get<std::int64_t>();
  std::vector<engine::Economy::ClassTraffic> t(1);
  t[0].offered = t[0].completed = 1000;
  t[0].prompt_tokens = 1000 * 1000.0;
  t[0].output_tokens = 1000 * 100.0;
  e.ingest_aggregate(t, 100);
  host.t = 86400;
  e.advance(86400);
  // 4.5e9 units: 2.25e9 to the operators (93,750,000 each), 0.9e9 burned.
  CHECK(balance(e.accounts_csv(), "operator[5]") == 93'750'000);
  CHECK(e.conservation_invariant()["supply_units"].get<std::int64_t>() == supply0 - 900'000'000);
  CHECK(e.conservation_invariant()["ok"] == true);
}

TEST_CASE("aggregate ingestion: no completed request pays nothing, and the experience drives churn") {
  const Scenario s = scenario({"economy.users.retention_per_day=0", "economy.users.failure_weight=1"});
  FakeHost host;
  engine::Economy e(s, host);
  e.start();
  std::vector<engine::Economy::ClassTraffic> t(1);
  t[0].offered = t[0].failed = 1000;
  e.ingest_aggregate(t, 100);
  host.t = 86400;
  e.advance(86400);
  CHECK(e.summary()["totals"]["fees_units"] == 0);
  CHECK(e.active_users() < 1000);  // every request failed: users leave
}
