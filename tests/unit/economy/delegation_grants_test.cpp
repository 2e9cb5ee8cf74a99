// Delegation drifts toward yield with exact conservation (hand-checked step and a property test);
// grants bring their users after the lag, with fractions carried and none lost.
#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/delegation.hpp"
#include "models/economy/grants.hpp"

using namespace opgsim::economy;

TEST_CASE("delegation: a hand-checked step from the lower-yield target to the higher") {
  // 600 at 5 %, 400 at 10 %: mean 7 %. The first gives floor(600 * 0.5 * 2/7) = 85.
  std::vector<Amount> d{600, 400};
  const std::vector<double> y{0.05, 0.10};
  CHECK(rebalance_delegation(d, y, 0.5) == 85);
  CHECK(d[0] == 515);
  CHECK(d[1] == 485);
  // Equal yields: nothing moves.
  std::vector<Amount> same{600, 400};
  CHECK(rebalance_delegation(same, std::vector<double>{0.07, 0.07}, 0.5) == 0);
  CHECK(delegation_step(DelegationConfig{}, 86400) == doctest::Approx(0.1));
  CHECK(delegation_step(DelegationConfig{}, 3600) == doctest::Approx(1 - std::pow(0.9, 1.0 / 24)));
}

TEST_CASE("delegation: random steps conserve the delegated total to the unit") {
  opgsim::Rng rng(9);
  std::vector<Amount> d(7);
  std::vector<double> y(7);
  for (auto& a : d) a = static_cast<Amount>(rng.uniform01() * 1e17);
  const Amount total = std::accumulate(d.begin(), d.end(), Amount{0});
  for (int step = 0; step < 500; ++step) {
    for (auto& v : y) v = rng.uniform01() * 0.3;
    rebalance_delegation(d, y, rng.uniform01());
    for (Amount a : d) CHECK(a >= 0);
    CHECK(std::accumulate(d.begin(), d.end(), Amount{0}) == total);
  }
}

TEST_CASE("grants: users arrive after the lag, fractions carried") {
  GrantPipeline g{GrantConfig{20, 100}};
  g.grant(1010, 0);   // 50.5 users: 50 now, 0.5 carried
  g.grant(30, 10);    // 1.5 + 0.5 = 2 users
  CHECK(g.granted_users() == 52);
  CHECK(g.take_due(99) == 0);
  CHECK(g.take_due(100) == 50);
  CHECK(g.in_pipeline() == 2);
  CHECK(g.take_due(1000) == 2);
  CHECK_THROWS_WITH_AS(GrantPipeline(GrantConfig{0, 1}), "economy.grants.usd_per_user: must be a finite number > 0, got 0",
                       opgsim::InputError);
}
