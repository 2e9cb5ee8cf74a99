// The constant-product market: a hand-computed swap and its price impact, exact-output quotes
// that are the least sufficient input, the invariant never decreasing, and a round trip that
// loses exactly to fees and rounding (never gains).
#include <doctest/doctest.h>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/amm_pool.hpp"

using namespace opgsim::economy;

namespace {
// 1M OPG against 100k USD: 0.1 USD per OPG, Uniswap v2's 30 bps fee.
AmmPool pool() { return AmmPool(1'000'000 * kUnitsPerOpg, 100'000 * kMicroUsdPerUsd, 30); }
__int128_t k(const AmmPool& p) { return static_cast<__int128_t>(p.opg_reserve()) * p.usd_reserve(); }
}  // namespace

TEST_CASE("amm: buying with 1,000 USD, hand-computed output and price impact") {
  AmmPool p = pool();
  CHECK(p.price_usd() == doctest::Approx(0.1));
  // out = floor(1e15 * 1e9 * 9970 / (1e11 * 1e4 + 1e9 * 9970)) = 9,871,580,343,970 units:
  // 9,871.58 OPG instead of 10,000 without fee and impact.
  CHECK(p.buy_opg_with_usd(1'000 * kMicroUsdPerUsd) == 9'871'580'343'970);
  CHECK(p.usd_reserve() == 101'000 * kMicroUsdPerUsd);
  CHECK(p.opg_reserve() == 1'000'000 * kUnitsPerOpg - 9'871'580'343'970);
  CHECK(p.price_usd() == doctest::Approx(0.10200697).epsilon(1e-8));  // +2.0 % for 1 % of the pool
}

TEST_CASE("amm: the exact-output quote is the least input that suffices") {
  const AmmPool p = pool();
  // ceil(1e12 * 1e11 * 1e4 / ((1e15 - 1e12) * 9970)) = 100,401,305 micro-USD for 1,000 OPG.
  const MicroUsd in = p.usd_needed_for_opg(1'000 * kUnitsPerOpg);
  CHECK(in == 100'401'305);
  CHECK(p.quote_opg_for_usd(in) >= 1'000 * kUnitsPerOpg);
  CHECK(p.quote_opg_for_usd(in - 1) < 1'000 * kUnitsPerOpg);
  CHECK(p.usd_needed_for_opg(p.opg_reserve()) == -1);  // the whole reserve: impossible
  opgsim::Rng rng(3);
  for (int i = 0; i < 200; ++i) {
    const auto want = static_cast<MicroUsd>(rng.uniform01() * 5e10) + 1;
    const Amount need = p.opg_needed_for_usd(want);
    REQUIRE(need > 0);
    CHECK(p.quote_usd_for_opg(need) >= want);
    CHECK(p.quote_usd_for_opg(need - 1) < want);
  }
}

TEST_CASE("amm: random swaps never decrease x*y, and a round trip never gains") {
  AmmPool p = pool();
  opgsim::Rng rng(11);
  for (int i = 0; i < 1000; ++i) {
    const __int128_t before = k(p);
    if (rng.uniform01() < 0.5) {
      const auto usd = static_cast<MicroUsd>(rng.uniform01() * 2e10);
      const Amount got = p.buy_opg_with_usd(usd);
      CHECK(p.sell_opg_for_usd(got) <= usd);
    } else {
      const auto opg = static_cast<Amount>(rng.uniform01() * 2e14);
      const MicroUsd got = p.sell_opg_for_usd(opg);
      CHECK(p.buy_opg_with_usd(got) <= opg);
    }
    CHECK(k(p) >= before);
  }
}

TEST_CASE("amm: bad seeds are one-line errors") {
  CHECK_THROWS_WITH_AS(AmmPool(0, 1, 30), "economy.market: both reserves must be > 0, got 0 OPG units and 1 micro-USD",
                       opgsim::InputError);
  CHECK_THROWS_WITH_AS(AmmPool(1, 1, 10000), "economy.market.fee_bps: must be < 10000, got 10000", opgsim::InputError);
}
