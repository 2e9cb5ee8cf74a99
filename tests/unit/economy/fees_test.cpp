// Usage fees: hand-computed charges, the cap, surcharges, rounding down; exact fee splits; wei.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/fees.hpp"

using namespace opgsim::economy;
using opgsim::proof::VerificationMode;

TEST_CASE("a 1000-in / 200-out GPT-5-mini request at 0.10 USD costs 0.0065 OPG") {
  const FeeConfig cfg;
  // (1000 * 0.25 + 200 * 2) / 1e6 = 0.00065 USD; / 0.10 = 0.0065 OPG = 6,500,000 units
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Vanilla, 0.10) == 6'500'000);
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Tee, 0.10) == 6'500'000);  // no surcharge by default
  CHECK(usage_fee(cfg, 0, 0, VerificationMode::Vanilla, 0.10) == 0);
  // 1M output tokens at 2 USD: 20 OPG, capped at 0.1 OPG
  CHECK(usage_fee(cfg, 0, 1'000'000, VerificationMode::Vanilla, 0.10) == 100'000'000);
}

TEST_CASE("the 0.1 OPG cap binds at a low OPG price") {
  const FeeConfig cfg;
  // 0.00065 USD at 0.001 USD/OPG = 0.65 OPG > 0.1 OPG
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Vanilla, 0.001) == 100'000'000);
  // at 0.0065 USD/OPG it is exactly the cap; just above that price, just under the cap
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Vanilla, 0.0065) == 100'000'000);
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Vanilla, 0.0066) < 100'000'000);
  FeeConfig c2;
  c2.cap_opg = 0.001;
  CHECK(usage_fee(c2, 1000, 200, VerificationMode::Vanilla, 0.10) == 1'000'000);
}

TEST_CASE("surcharges are per verification mode and added before the cap") {
  FeeConfig cfg;
  cfg.surcharge_usd = {0.0, 0.001, 1.0, 0.0001};
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Vanilla, 0.10) == 6'500'000);
  // (0.00065 + 0.001) / 0.10 = 0.0165 OPG
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Tee, 0.10) == 16'500'000);
  // 1.00065 USD = 10.0065 OPG, capped
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::Zkml, 0.10) == 100'000'000);
  // (0.00065 + 0.0001) / 0.10 = 0.0075 OPG
  CHECK(usage_fee(cfg, 1000, 200, VerificationMode::ZkCrv, 0.10) == 7'500'000);
  // a surcharge alone, with no tokens
  CHECK(usage_fee(cfg, 0, 0, VerificationMode::Tee, 0.10) == 10'000'000);
}

TEST_CASE("fees round down to whole base units") {
  const FeeConfig cfg;
  // 0.25e-6 USD / 0.3 = 8.333e-7 OPG = 833.33 units
  CHECK(usage_fee(cfg, 1, 0, VerificationMode::Vanilla, 0.3) == 833);
  // 6e-6 USD / 0.07 = 85,714.28 units
  CHECK(usage_fee(cfg, 0, 3, VerificationMode::Vanilla, 0.07) == 85'714);
  // 0.25e-6 USD / 0.25 = 1e-6 OPG: exactly 1000 units, not 999 from binary noise
  CHECK(usage_fee(cfg, 1, 0, VerificationMode::Vanilla, 0.25) == 1'000);
  // a fee below one unit is 0: 0.25e-6 USD at 1e6 USD/OPG = 2.5e-13 OPG
  CHECK(usage_fee(cfg, 1, 0, VerificationMode::Vanilla, 1e6) == 0);
}

TEST_CASE("a non-positive or non-finite price is a caller bug") {
  const FeeConfig cfg;
  CHECK_THROWS_AS(usage_fee(cfg, 1, 1, VerificationMode::Vanilla, 0.0), std::logic_error);
  CHECK_THROWS_AS(usage_fee(cfg, 1, 1, VerificationMode::Vanilla, -1.0), std::logic_error);
  CHECK_THROWS_AS(usage_fee(cfg, 1, 1, VerificationMode::Vanilla, std::numeric_limits<double>::quiet_NaN()),
                  std::logic_error);
}

TEST_CASE("fee config validation names the key, the rule and the value") {
  FeeConfig ok;
  CHECK_NOTHROW(ok.validate("economy.fees"));
  auto message = [](const FeeConfig& c) {
    try {
      c.validate("economy.fees");
    } catch (const opgsim::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  FeeConfig c = ok;
  c.cap_opg = -1;
  CHECK(message(c) == "economy.fees.cap_opg: must be a finite number in [0, 1e9] (the total supply), got -1");
  c = ok;
  c.usd_per_million_output = std::numeric_limits<double>::infinity();
  CHECK(message(c) == "economy.fees.usd_per_million_output: must be a finite number >= 0, got inf");
  c = ok;
  c.surcharge_usd[2] = -0.5;
  CHECK(message(c) == "economy.fees.surcharge_usd[2]: must be a finite number >= 0, got -0.5");
  c = ok;
  c.shares.operator_bps = 9000;
  c.shares.burn_bps = 999;
  CHECK(message(c) ==
        "economy.fees.shares: operator_bps + verifier_bps + validators_bps + treasury_bps + burn_bps + prover_bps "
        "must equal 10000, got 9999");
  c.shares.burn_bps = 1000;
  CHECK(message(c).empty());
}

TEST_CASE("split_fee: default shares give everything to the operator, hand-computed split") {
  const FeeSplit all = split_fee(FeeShares{}, 6'500'000);
  CHECK(all.operator_part == 6'500'000);
  CHECK(all.verifier + all.validators + all.treasury + all.burn == 0);
  CHECK(all.total() == 6'500'000);

  // 10001 * 3333 / 10000 = 3333.33 -> 3333 each; the treasury gets 10001 - 9999 = 2 (floor 0 + remainder)
  const FeeShares s{3333, 3333, 3333, 1, 0};
  const FeeSplit f = split_fee(s, 10'001);
  CHECK(f.operator_part == 3333);
  CHECK(f.verifier == 3333);
  CHECK(f.validators == 3333);
  CHECK(f.burn == 0);
  CHECK(f.treasury == 2);
  CHECK(split_fee(s, 0).total() == 0);
  CHECK_THROWS_AS(split_fee(s, -1), std::logic_error);
  CHECK_THROWS_AS(split_fee(FeeShares{5000, 0, 0, 0, 0}, 10), std::logic_error);
}

TEST_CASE("split_fee: a prover share, hand-computed") {
  // 7000 / 1000 / 0 / 500 / 500 / 1000 bps of 12,345: 8641.5 -> 8641, 1234.5 -> 1234, 617.25 -> 617
  // (burn), 1234.5 -> 1234 (prover); the treasury gets 12,345 - 11,726 = 619 (617 + remainder 2).
  FeeShares s{7000, 1000, 0, 500, 500};
  s.prover_bps = 1000;
  const FeeSplit f = split_fee(s, 12'345);
  CHECK(f.operator_part == 8641);
  CHECK(f.verifier == 1234);
  CHECK(f.validators == 0);
  CHECK(f.burn == 617);
  CHECK(f.prover == 1234);
  CHECK(f.treasury == 619);
  CHECK(f.total() == 12'345);
  s.prover_bps = 999;  // shares sum to 9999
  CHECK_THROWS_AS(split_fee(s, 10), std::logic_error);
}

TEST_CASE("split_fee: parts always sum to the fee and none is negative (random fees and shares)") {
  opgsim::Rng rng(20240611);
  for (int it = 0; it < 100'000; ++it) {
    // five shares from four sorted cut points in [0, 10000]
    std::uint32_t cuts[4];
    for (auto& c : cuts) c = static_cast<std::uint32_t>(rng.below(10'001));
    std::sort(std::begin(cuts), std::end(cuts));
    const FeeShares s{cuts[0], cuts[1] - cuts[0], cuts[2] - cuts[1], cuts[3] - cuts[2], 10'000 - cuts[3]};
    Amount fee;
    switch (it % 3) {
      case 0: fee = static_cast<Amount>(rng.below(100)); break;
      case 1: fee = static_cast<Amount>(rng.below(1'000'000'000'000ull)); break;
      default: fee = static_cast<Amount>(rng.next_u64() >> 1); break;  // up to 2^63 - 1
    }
    const FeeSplit f = split_fee(s, fee);
    REQUIRE(f.total() == fee);
    REQUIRE(f.operator_part >= 0);
    REQUIRE(f.verifier >= 0);
    REQUIRE(f.validators >= 0);
    REQUIRE(f.burn >= 0);
    const auto floor_part = [fee](std::uint32_t bps) {
      return static_cast<Amount>(static_cast<__int128_t>(fee) * bps / 10000);
    };
    REQUIRE(f.operator_part == floor_part(s.operator_bps));
    REQUIRE(f.burn == floor_part(s.burn_bps));
    // the treasury gets its floor share plus a remainder of fewer than 5 units
    REQUIRE(f.treasury >= floor_part(s.treasury_bps));
    REQUIRE(f.treasury - floor_part(s.treasury_bps) < 5);
  }
}

TEST_CASE("wei_to_units rounds down and saturates") {
  CHECK(wei_to_units(0) == 0);
  CHECK(wei_to_units(999'999'999) == 0);
  CHECK(wei_to_units(1'000'000'000) == 1);
  CHECK(wei_to_units(1'999'999'999) == 1);
  CHECK(wei_to_units(100'000'000'000'000ull) == 100'000);  // 1e14 wei = 0.0001 OPG, tee-gateway's pre-check
  CHECK(wei_to_units(static_cast<__uint128_t>(1'000'000'000'000'000'000ull) * 3) == 3 * kUnitsPerOpg);  // 3 OPG
  CHECK(wei_to_units(~static_cast<__uint128_t>(0)) == std::numeric_limits<Amount>::max());
  // 1 gwei base fee * 21,000 gas = 21,000 units
  CHECK(wei_to_units(static_cast<__uint128_t>(1'000'000'000) * 21'000) == 21'000);
}
