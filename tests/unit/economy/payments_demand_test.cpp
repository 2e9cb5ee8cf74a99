// x402 payments and demand: the handshake refuses what the pre-check cannot cover or when the
// chain is down, charges land in the next block (held through an outage, in order), and the
// closed forms of fee-elastic demand and per-day retention, hand-computed.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/economy/demand.hpp"
#include "models/economy/x402_payments.hpp"

using namespace opgsim::economy;

TEST_CASE("x402: the handshake checks the pre-check estimate and the chain") {
  PaymentChain chain{X402Config{}};
  CHECK(chain.authorize(100'000));       // 0.0001 OPG = 100,000 units: just enough
  CHECK_FALSE(chain.authorize(99'999));
  chain.set_up(false);
  CHECK_FALSE(chain.authorize(kUnitsPerOpg));
}

TEST_CASE("x402: charges settle in the next 2 s block, and wait through an outage in order") {
  PaymentChain chain{X402Config{}};
  CHECK(chain.next_block_after(0) == 2);
  CHECK(chain.next_block_after(3.9) == 4);
  CHECK(chain.next_block_after(4) == 6);
  chain.charge({1, 5, 9, 650'000, 0.5, 1.25});
  chain.charge({2, 6, 9, 100'000'000, 0.7, 1.5});
  CHECK(chain.pending_amount() == 100'650'000);
  std::vector<Charge> out;
  chain.set_up(false);
  CHECK(chain.produce_block(out) == 0);
  chain.set_up(true);
  CHECK(chain.produce_block(out) == 2);
  REQUIRE(out.size() == 2);
  CHECK(out[0].request == 1);
  CHECK(out[1].request == 2);
  CHECK(chain.settled_amount() == 100'650'000);
  CHECK(chain.pending() == 0);
}

TEST_CASE("x402: a block settles at most max_per_block, oldest first") {
  X402Config cfg;
  cfg.max_per_block = 2;
  PaymentChain chain{cfg};
  for (std::uint64_t i = 0; i < 5; ++i) chain.charge({i, 0, 1, 10, 0, 0});
  std::vector<Charge> out;
  CHECK(chain.produce_block(out) == 2);
  CHECK(chain.produce_block(out) == 2);
  CHECK(chain.produce_block(out) == 1);
  for (std::uint64_t i = 0; i < 5; ++i) CHECK(out[i].request == i);
  CHECK_THROWS_WITH_AS(PaymentChain(X402Config{0, 0.0001}),
                       "economy.x402.block_time_s: must be a number in [0.001, 3600], got 0", opgsim::InputError);
}

TEST_CASE("demand: doubling the fee at elasticity 0.5 divides the rate by sqrt 2") {
  CHECK(demand_factor(0.002, 0.001, 0.5) == doctest::Approx(1 / std::sqrt(2.0)));
  CHECK(demand_factor(0.001, 0.001, 0.5) == 1.0);
  CHECK(demand_factor(0.0005, 0.001, 1.0) == doctest::Approx(2.0));
  CHECK(demand_factor(0.002, 0, 0.5) == 1.0);
}

TEST_CASE("retention per day: the same day loses the same share at any epoch length") {
  const double r = per_day_retention(0.42, 30.436875);  // 42 % after an average month
  CHECK(r == doctest::Approx(0.97190).epsilon(1e-4));
  double by_minute = 1, by_hour = 1;
  for (int i = 0; i < 1440; ++i) by_minute *= retained_share(r, 60);
  for (int i = 0; i < 24; ++i) by_hour *= retained_share(r, 3600);
  CHECK(by_minute == doctest::Approx(r).epsilon(1e-12));
  CHECK(by_hour == doctest::Approx(r).epsilon(1e-12));
  CHECK(retained_share(r, 30.436875 * 86400) == doctest::Approx(0.42));
}
