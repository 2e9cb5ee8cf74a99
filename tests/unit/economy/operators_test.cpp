// Operator pool: patience, streak resets, min_active, joins (threshold, provisioning delay, order,
// per-epoch cap), forced leaves, and config validation.
#include <algorithm>
#include <doctest/doctest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/economy/operators.hpp"

using namespace opgsim::economy;

namespace {

// 1 GPU at 2 USD/h, 1 h epochs: an operator breaks even at 2 USD of revenue. No joins unless a test asks.
OperatorConfig base() {
  OperatorConfig c;
  c.gpu_cost_usd_per_hour = 2.0;
  c.profit_threshold_usd_per_hour = 0;
  c.patience_epochs = 3;
  c.join_threshold_usd_per_hour = 1e9;
  c.max_joins_per_epoch = 1;
  c.provisioning_s = 600;
  c.min_active = 1;
  return c;
}

std::vector<OperatorEpoch> revenues(std::vector<double> r) {
  std::vector<OperatorEpoch> e;
  for (double x : r) e.push_back(OperatorEpoch{x});
  return e;
}

std::string validate_error(const OperatorConfig& c) {
  try {
    c.validate("economy.operators");
  } catch (const opgsim::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an operator below cost for exactly patience epochs leaves at that epoch, not before") {
  OperatorPool pool(base(), 3, 3, 1);
  std::vector<OperatorAction> actions;
  const auto e = revenues({1.0, 10.0, 10.0});
  for (int k = 1; k <= 2; ++k) {
    pool.end_epoch(e, 3600, 3600.0 * k, actions);
    CHECK(actions.empty());
    CHECK(pool.state(0) == OperatorState::Active);
    CHECK(pool.unprofitable_streak(0) == static_cast<std::uint32_t>(k));
  }
  pool.end_epoch(e, 3600, 3 * 3600.0, actions);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].kind == OperatorAction::Kind::Leave);
  CHECK(actions[0].op == 0);
  CHECK(actions[0].at_s == 3 * 3600.0);
  CHECK(pool.state(0) == OperatorState::Inactive);
  CHECK(pool.active() == 2);
  CHECK(pool.left_total() == 1);
  CHECK(pool.unprofitable_streak(1) == 0);
}

TEST_CASE("a profitable epoch resets the streak") {
  OperatorPool pool(base(), 2, 2, 1);
  std::vector<OperatorAction> actions;
  double t = 0;
  for (double r : {1.0, 1.0, 2.0, 1.0, 1.0}) {  // 2.0 breaks even: profit 0 is not below threshold 0
    pool.end_epoch(revenues({r, 5.0}), 3600, t += 3600, actions);
  }
  CHECK(actions.empty());
  CHECK(pool.unprofitable_streak(0) == 2);
  pool.end_epoch(revenues({1.0, 5.0}), 3600, t += 3600, actions);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].op == 0);
}

TEST_CASE("profitability is per node-hour: epoch length, GPUs per node and the threshold") {
  OperatorConfig c = base();
  c.patience_epochs = 1;
  c.profit_threshold_usd_per_hour = 1.0;
  c.min_active = 0;
  // 8 GPUs, 30 min epochs: cost 2 * 8 * 0.5 = 8 USD. Revenue 8.6 -> 0.6 USD profit = 1.2 USD/h: stays.
  // Revenue 8.4 -> 0.4 USD = 0.8 USD/h: below the 1 USD/h threshold although profitable: leaves.
  OperatorPool pool(c, 2, 2, 8);
  std::vector<OperatorAction> actions;
  const double mean = pool.end_epoch(revenues({8.6, 8.4}), 1800, 1800, actions);
  CHECK(mean == doctest::Approx(0.5));
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].op == 1);
  CHECK(pool.active() == 1);
}

TEST_CASE("end_epoch returns the mean profit of the operators active during the epoch") {
  OperatorPool pool(base(), 4, 2, 1);
  std::vector<OperatorAction> actions;
  CHECK(pool.end_epoch(revenues({5.0, 1.0, 100.0, 100.0}), 3600, 3600, actions) == doctest::Approx(1.0));
  OperatorPool empty(base(), 2, 0, 1);
  CHECK(empty.end_epoch(revenues({0, 0}), 3600, 3600, actions) == 0.0);
}

TEST_CASE("min_active is respected and the most unprofitable leave first") {
  OperatorConfig c = base();
  c.min_active = 2;
  OperatorPool pool(c, 4, 4, 1);
  std::vector<OperatorAction> actions;
  const auto e = revenues({1.5, 0.5, 1.0, 0.2});
  for (int k = 1; k <= 3; ++k) pool.end_epoch(e, 3600, 3600.0 * k, actions);
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].op == 3);  // profit -1.8
  CHECK(actions[1].op == 1);  // profit -1.5
  CHECK(pool.active() == 2);
  // The other two stay unprofitable but the floor holds; their streaks keep growing.
  for (int k = 4; k <= 6; ++k) pool.end_epoch(e, 3600, 3600.0 * k, actions);
  CHECK(actions.size() == 2);
  CHECK(pool.active() == 2);
  CHECK(pool.unprofitable_streak(0) == 6);
  CHECK(pool.left_total() == 2);
}

TEST_CASE("ties in profit leave lowest index first") {
  OperatorConfig c = base();
  c.patience_epochs = 1;
  c.min_active = 2;
  OperatorPool pool(c, 3, 3, 1);
  std::vector<OperatorAction> actions;
  pool.end_epoch(revenues({1.0, 1.0, 1.0}), 3600, 3600, actions);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].op == 0);
}

TEST_CASE("joins happen only above the threshold, at now + provisioning_s, lowest index first, capped per epoch") {
  OperatorConfig c = base();
  c.join_threshold_usd_per_hour = 1.0;
  c.max_joins_per_epoch = 2;
  c.provisioning_s = 450;
  OperatorPool pool(c, 6, 2, 1);
  std::vector<OperatorAction> actions;
  // Profit exactly 1 USD/h: not above the threshold.
  pool.end_epoch(revenues({3.0, 3.0, 0, 0, 0, 0}), 3600, 3600, actions);
  CHECK(actions.empty());
  CHECK(pool.joining() == 0);
  // 1.5 USD/h: two join, lowest index first.
  pool.end_epoch(revenues({3.5, 3.5, 0, 0, 0, 0}), 3600, 7200, actions);
  REQUIRE(actions.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(actions[i].kind == OperatorAction::Kind::Join);
    CHECK(actions[i].op == 2 + i);
    CHECK(actions[i].at_s == 7200 + 450);
  }
  CHECK(pool.state(2) == OperatorState::Joining);
  CHECK(pool.joining() == 2);
  CHECK(pool.active() == 2);
  CHECK(pool.joined_total() == 0);
  pool.joined(2);
  CHECK(pool.state(2) == OperatorState::Active);
  CHECK(pool.active() == 3);
  CHECK(pool.joining() == 1);
  CHECK(pool.joined_total() == 1);
  // Still profitable: the next two Inactive slots (4, 5); slot 3 is still Joining and earns nothing.
  actions.clear();
  pool.end_epoch(revenues({3.5, 3.5, 3.5, 0, 0, 0}), 3600, 10800, actions);
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].op == 4);
  CHECK(actions[1].op == 5);
  // No slot left: nothing more to join.
  actions.clear();
  pool.end_epoch(revenues({3.5, 3.5, 3.5, 0, 0, 0}), 3600, 14400, actions);
  CHECK(actions.empty());
}

TEST_CASE("the join decision looks at the operators who stay, a leaver does not rejoin at once") {
  OperatorConfig c = base();
  c.join_threshold_usd_per_hour = 1.0;
  c.patience_epochs = 1;
  OperatorPool pool(c, 4, 3, 1);
  std::vector<OperatorAction> actions;
  // Op 0 loses 2 USD; ops 1, 2 earn 8 USD. Mean over all three is 4.67 and over the stayers 8.
  pool.end_epoch(revenues({0.0, 10.0, 10.0, 0.0}), 3600, 3600, actions);
  REQUIRE(actions.size() == 2);
  CHECK(actions[0].kind == OperatorAction::Kind::Leave);
  CHECK(actions[0].op == 0);
  CHECK(actions[1].kind == OperatorAction::Kind::Join);
  CHECK(actions[1].op == 3);  // slot 0 just left
  // Next epoch slot 0 is the lowest Inactive one and may join again.
  actions.clear();
  pool.end_epoch(revenues({0.0, 10.0, 10.0, 0.0}), 3600, 7200, actions);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].op == 0);
  CHECK(actions[0].kind == OperatorAction::Kind::Join);
}

TEST_CASE("force_leave: active or joining out, even below min_active, a cancelled join stays out") {
  OperatorConfig c = base();
  c.join_threshold_usd_per_hour = 0;
  c.min_active = 2;
  OperatorPool pool(c, 3, 2, 1);
  std::vector<OperatorAction> actions;
  pool.end_epoch(revenues({5, 5, 0}), 3600, 3600, actions);
  REQUIRE(actions.size() == 1);
  CHECK(pool.state(2) == OperatorState::Joining);
  pool.force_leave(2);
  CHECK(pool.state(2) == OperatorState::Inactive);
  CHECK(pool.joining() == 0);
  CHECK(pool.left_total() == 1);
  pool.joined(2);  // the join's time comes: a no-op
  CHECK(pool.state(2) == OperatorState::Inactive);
  CHECK(pool.joined_total() == 0);
  pool.force_leave(0);
  CHECK(pool.active() == 1);  // below min_active: forced
  CHECK(pool.left_total() == 2);
  pool.force_leave(0);  // already out: no-op
  CHECK(pool.left_total() == 2);
  CHECK_THROWS_AS(pool.joined(1), std::logic_error);
}

TEST_CASE("begin_join: a policy's join of an inactive operator, joined at its time") {
  OperatorPool pool(base(), 3, 1, 1);
  CHECK_THROWS_AS(pool.begin_join(0), std::logic_error);  // active
  pool.begin_join(2);
  CHECK(pool.state(2) == OperatorState::Joining);
  CHECK(pool.joining() == 1);
  CHECK_THROWS_AS(pool.begin_join(2), std::logic_error);  // already joining
  pool.joined(2);
  CHECK(pool.state(2) == OperatorState::Active);
  CHECK(pool.active() == 2);
  CHECK(pool.joining() == 0);
  CHECK(pool.joined_total() == 1);
}

TEST_CASE("bad arguments and config") {
  CHECK_THROWS_AS(OperatorPool(base(), 2, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(OperatorPool(base(), 2, 2, 0), std::invalid_argument);
  OperatorPool pool(base(), 2, 2, 1);
  std::vector<OperatorAction> actions;
  CHECK_THROWS_AS(pool.end_epoch(revenues({1}), 3600, 0, actions), std::invalid_argument);
  CHECK_THROWS_AS(pool.end_epoch(revenues({1, 1}), 0, 0, actions), std::invalid_argument);

  CHECK(validate_error(base()).empty());
  OperatorConfig c = base();
  c.gpu_cost_usd_per_hour = -1;
  CHECK(validate_error(c) == "economy.operators.gpu_cost_usd_per_hour: must be >= 0, got -1");
  c = base();
  c.patience_epochs = 0;
  CHECK(validate_error(c) == "economy.operators.patience_epochs: must be >= 1, got 0");
  c = base();
  c.provisioning_s = -5;
  CHECK(validate_error(c) == "economy.operators.provisioning_s: must be >= 0, got -5");
  c = base();
  c.join_threshold_usd_per_hour = std::numeric_limits<double>::infinity();
  CHECK(validate_error(c) == "economy.operators.join_threshold_usd_per_hour: must be a finite number, got inf");
  c.join_threshold_usd_per_hour = 1;
  c.profit_threshold_usd_per_hour = std::numeric_limits<double>::quiet_NaN();
  CHECK(validate_error(c) == "economy.operators.profit_threshold_usd_per_hour: must be a finite number, got nan");
  CHECK_THROWS_AS(OperatorPool(c, 1, 1, 1), opgsim::InputError);  // the constructor validates
}

TEST_CASE("operators with different costs leave costliest first, and only while they lose money") {
  opgsim::economy::OperatorConfig cfg;
  cfg.gpu_cost_usd_per_hour = 2.0;
  cfg.patience_epochs = 1;
  cfg.join_threshold_usd_per_hour = 1e9;  // no joins
  opgsim::economy::OperatorPool pool(cfg, 3, 3, 1);
  const std::vector<double> m{0.5, 1.0, 1.5};  // costs 1, 2 and 3 USD/h
  pool.set_cost_multipliers(m);
  // Each earns 2.5 USD in a one-hour epoch: only the 3 USD/h operator loses money.
  std::vector<opgsim::economy::OperatorEpoch> epoch(3, {2.5});
  std::vector<opgsim::economy::OperatorAction> actions;
  pool.end_epoch(epoch, 3600, 3600, actions);
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].kind == opgsim::economy::OperatorAction::Kind::Leave);
  CHECK(actions[0].op == 2);
  CHECK(pool.active() == 2);
  const std::vector<double> wrong{1.0, 1.0};
  CHECK_THROWS_AS(pool.set_cost_multipliers(wrong), std::invalid_argument);
}

namespace {
// Revenue for 2 of 4: the fees, 5 USD an hour in all, are shared equally by the active
// operators, who each pay 2 USD an hour. Two earn 2.50 each (profitable); three earn 1.67.
struct Settled {
  std::uint32_t final_active, fewest_active;
};
Settled settle(OperatorConfig cfg, int epochs) {
  cfg.gpu_cost_usd_per_hour = 2.0;
  cfg.cost_spread = 0;
  OperatorPool pool(cfg, 4, 4, 1);
  std::vector<OperatorEpoch> epoch(4);
  std::vector<OperatorAction> actions;
  std::uint32_t fewest = 4;
  for (int e = 0; e < epochs; ++e) {
    for (std::uint32_t i = 0; i < 4; ++i)
      epoch[i].revenue_usd = pool.state(i) == OperatorState::Active ? 5.0 / pool.active() : 0;
    actions.clear();
    pool.end_epoch(epoch, 3600, 3600.0 * (e + 1), actions);
    fewest = std::min(fewest, pool.active());
    for (const auto& a : actions)
      if (a.kind == OperatorAction::Kind::Join) pool.joined(a.op);
  }
  return {pool.active(), fewest};
}
}  // namespace

TEST_CASE("operators: with revenue for 2 of 4, staggered decisions settle at 2, synchronous ones overshoot") {
  OperatorConfig cfg;
  cfg.decision.type = OperatorDecision::Type::Staggered;
  CHECK(settle(cfg, 1).final_active == 3);  // one leaves after the first epoch (one exit per epoch)
  CHECK(settle(cfg, 2).final_active == 2);  // a second after the next: three still lose money
  const Settled staggered = settle(cfg, 50);
  CHECK(staggered.final_active == 2);       // and it stays there, never below
  CHECK(staggered.fewest_active == 2);
  cfg.decision.type = OperatorDecision::Type::Synchronous;
  const Settled synchronous = settle(cfg, 50);
  CHECK(synchronous.fewest_active == 1);    // all four leave together after 3 epochs (min_active 1)
  CHECK(synchronous.final_active == 2);     // and one rejoins: a cycle the staggered rule avoids
}

TEST_CASE("operators: staggered leavers go by their own estimate since their last decision, not the last epoch") {
  // patience 2: operators 0 and 2 decide at epochs 0, 2, ...; 1 and 3 at epochs 1, 3, ... Hour
  // epochs, no cost: profit = revenue. At epoch 2 operators 0 and 2 both lose money since their
  // decision at epoch 0: operator 0 -10 then -1 USD (estimate -5.5 USD/h), operator 2 -3 then -2
  // (-2.5 USD/h). In epoch 2 alone operator 2 did worse, but operator 0's estimate is lower: it
  // leaves (one leave per epoch).
  OperatorConfig cfg;
  cfg.decision.type = OperatorDecision::Type::Staggered;
  cfg.patience_epochs = 2;
  cfg.gpu_cost_usd_per_hour = 0;
  cfg.cost_spread = 0;
  cfg.join_threshold_usd_per_hour = 1e9;
  OperatorPool pool(cfg, 4, 4, 1);
  std::vector<OperatorAction> actions;
  const auto epoch = [&](int e, std::vector<double> revenue) {
    std::vector<OperatorEpoch> ep(4);
    for (std::size_t i = 0; i < 4; ++i) ep[i].revenue_usd = revenue[i];
    actions.clear();
    pool.end_epoch(ep, 3600, 3600.0 * (e + 1), actions);
  };
  epoch(0, {1, 1, 1, 1});
  epoch(1, {-10, 1, -3, 1});
  CHECK(actions.empty());  // operators 1 and 3 decide and stay
  epoch(2, {-1, 1, -2, 1});
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].kind == OperatorAction::Kind::Leave);
  CHECK(actions[0].op == 0);
  CHECK(pool.state(2) == OperatorState::Active);
}

TEST_CASE("per-operator hourly costs (pools of different hardware) replace gpu_cost x GPUs, spread on top") {
  OperatorConfig c = base();
  c.patience_epochs = 1;
  c.min_active = 0;
  // Three operators at 1 GPU x 2 USD/h by default; set to 8 (an H100 node), 0.5 (a CPU node) and
  // 3 USD/h, the last with a 1.5 cost multiplier: 4.5 USD/h. Half-hour epochs, revenue 3 each:
  // costs 4, 0.25 and 2.25 USD, so only the first is unprofitable and leaves.
  OperatorPool pool(c, 3, 3, 1);
  const std::vector<double> hourly{8.0, 0.5, 3.0};
  pool.set_hourly_costs(hourly);
  const std::vector<double> spread{1.0, 1.0, 1.5};
  pool.set_cost_multipliers(spread);
  CHECK(pool.epoch_cost_usd(0, 1800) == doctest::Approx(4.0));
  CHECK(pool.epoch_cost_usd(1, 1800) == doctest::Approx(0.25));
  CHECK(pool.epoch_cost_usd(2, 1800) == doctest::Approx(2.25));
  std::vector<OperatorAction> actions;
  const double mean = pool.end_epoch(revenues({3, 3, 3}), 1800, 1800, actions);
  CHECK(mean == doctest::Approx((-1.0 + 2.75 + 0.75) / 3));
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].op == 0);
  const std::vector<double> wrong_size{1.0};
  CHECK_THROWS_AS(pool.set_hourly_costs(wrong_size), std::invalid_argument);
  const std::vector<double> negative{1.0, -1.0, 1.0};
  CHECK_THROWS_AS(pool.set_hourly_costs(negative), std::invalid_argument);
}
