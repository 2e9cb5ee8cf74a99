// Allocation and vesting: OPG's published buckets split the 1B supply exactly, hand-checked
// unlocked amounts at given times (TGE share, cliff, linear), monotone and exact over any
// partition of time, and one-line errors for bad buckets.
#include <doctest/doctest.h>

#include <string>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/allocation.hpp"

using namespace opgsim::economy;

namespace {
constexpr Amount kSupply = 1'000'000'000 * kUnitsPerOpg;  // 1e18 units
constexpr double kMonth = kSecondsPerMonth;
std::size_t index_of(const Allocation& a, const std::string& name) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a.bucket(i).name == name) return i;
  FAIL("no bucket " << name);
  return 0;
}
}  // namespace

TEST_CASE("OPG allocation: the seven published buckets sum to the fixed supply to the unit") {
  const Allocation a(kSupply, opg_allocation());
  REQUIRE(a.size() == 7);
  Amount sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a.amount(i);
  CHECK(sum == kSupply);
  CHECK(a.amount(index_of(a, "ecosystem")) == 400'000'000 * kUnitsPerOpg);
  CHECK(a.amount(index_of(a, "staking_rewards")) == 100'000'000 * kUnitsPerOpg);
  CHECK(a.amount(index_of(a, "liquidity")) == 60'000'000 * kUnitsPerOpg);
  CHECK(a.find(BucketPurpose::StakingRewards) == static_cast<std::ptrdiff_t>(index_of(a, "staking_rewards")));
  CHECK(a.find(BucketPurpose::Liquidity) == static_cast<std::ptrdiff_t>(index_of(a, "liquidity")));
}

TEST_CASE("vesting: hand-checked unlocked amounts at given times") {
  const Allocation a(kSupply, opg_allocation());
  const std::size_t eco = index_of(a, "ecosystem"), con = index_of(a, "contributors"),
                    fnd = index_of(a, "foundation"), stk = index_of(a, "staking_rewards"),
                    liq = index_of(a, "liquidity");
  // Ecosystem 400M: 10 % = 40M at TGE, then 360M over 60 months; half-way (30 months) 40M + 180M.
  CHECK(a.unlocked(eco, -1) == 0);
  CHECK(a.unlocked(eco, 0) == 40'000'000 * kUnitsPerOpg);
  CHECK(a.unlocked(eco, 30 * kMonth) == 220'000'000 * kUnitsPerOpg);
  CHECK(a.unlocked(eco, 60 * kMonth) == 400'000'000 * kUnitsPerOpg);
  CHECK(a.unlocked(eco, 600 * kMonth) == 400'000'000 * kUnitsPerOpg);
  // Contributors 150M: 12-month cliff (nothing before, nothing yet at it), then 36 months linear.
  CHECK(a.unlocked(con, 12 * kMonth - 1) == 0);
  CHECK(a.unlocked(con, 12 * kMonth) == 0);
  CHECK(a.unlocked(con, 30 * kMonth) == 75'000'000 * kUnitsPerOpg);
  CHECK(a.unlocked(con, 48 * kMonth) == 150'000'000 * kUnitsPerOpg);
  // Foundation 150M: 33.33 % at TGE = 49.995M exactly.
  CHECK(a.unlocked(fnd, 0) == 49'995'000 * kUnitsPerOpg);
  // Staking rewards 100M over 96 months: one month = floor(1e17 / 96) units.
  CHECK(a.unlocked(stk, kMonth) == 1'041'666'666'666'666);
  CHECK(a.unlocked(liq, 0) == 60'000'000 * kUnitsPerOpg);
}

TEST_CASE("vesting: releases over any partition of time sum to the bucket and never go backward") {
  const Allocation a(kSupply, opg_allocation());
  opgsim::Rng rng(7);
  for (std::size_t i = 0; i < a.size(); ++i) {
    double t = 0;
    Amount released = a.unlocked(i, 0), last = released;
    while (t < 100 * kMonth) {
      const double next = t + rng.uniform01() * 40 * 86400.0;
      const Amount r = a.released(i, t, next);
      CHECK(r >= 0);
      released += r;
      const Amount now = a.unlocked(i, next);
      CHECK(now >= last);
      last = now;
      t = next;
    }
    CHECK(released == a.amount(i));
  }
}

TEST_CASE("allocation: bad buckets are one-line errors naming the path") {
  auto buckets = opg_allocation();
  buckets[1].share = 0.2;  // sums to 1.05
  CHECK_THROWS_WITH_AS(Allocation(kSupply, buckets), "economy.allocation: shares must sum to 1, got 1.05",
                       opgsim::InputError);
  buckets = opg_allocation();
  buckets[2].name = "ecosystem";
  CHECK_THROWS_WITH_AS(Allocation(kSupply, buckets),
                       "economy.allocation[2].name: \"ecosystem\" is used by an earlier bucket", opgsim::InputError);
  buckets = opg_allocation();
  buckets[3].schedule.tge_share = 1.5;
  CHECK_THROWS_WITH_AS(Allocation(kSupply, buckets),
                       "economy.allocation[3].tge_share: must be a number in [0, 1], got 1.5", opgsim::InputError);
  buckets = opg_allocation();
  buckets[0].purpose = BucketPurpose::StakingRewards;
  CHECK_THROWS_WITH_AS(Allocation(kSupply, buckets),
                       "economy.allocation: at most one bucket may have purpose staking_rewards", opgsim::InputError);
}
