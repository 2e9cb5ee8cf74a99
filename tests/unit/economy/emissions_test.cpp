// Staking emission: exact linear schedule over any partition, hand-checked 60 s epochs, the
// inverse-sqrt closed form, and the largest-remainder pro-rata split.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/emissions.hpp"

using namespace opgsim::economy;

namespace {
constexpr double kPeriod = 96 * 2629746.0;  // 252,455,616 s
constexpr Amount kTotal = 100'000'000 * kUnitsPerOpg;
constexpr double kYear = 365.25 * 86400;
}  // namespace

TEST_CASE("linear emission: hand-checked 60 s epochs (100M OPG over 96 months)") {
  EmissionSchedule s{EmissionConfig{}};
  // floor(1e17 * 60 / 252,455,616) = 23,766,553,880 units (about 23.77 OPG a minute, 1.04M a month)
  CHECK(s.emitted(0, 60, 0) == 23'766'553'880);
  CHECK(s.emitted(60, 120, 0) == 23'766'553'880);
  CHECK(s.emitted(120, 180, 0) == 23'766'553'880);
  CHECK(s.emitted_total() == 3 * 23'766'553'880);
  // the last minute picks up the rounding: 1e17 - floor(1e17 * (P - 60) / P) = 23,766,553,881
  EmissionSchedule t{EmissionConfig{}};
  CHECK(t.emitted(kPeriod - 60, kPeriod, 0) == 23'766'553'881);
  CHECK(t.emitted(kPeriod, kPeriod + 60, 0) == 0);  // nothing after the period
  CHECK(t.emitted(-100, 0, 0) == 0);                // nor before time 0
  // the stake does not matter for the linear schedule
  EmissionSchedule u{EmissionConfig{}};
  CHECK(u.emitted(0, 60, 12345 * kUnitsPerOpg) == 23'766'553'880);
}

TEST_CASE("linear emission: 60 s epochs over the whole period pay exactly 100M OPG") {
  EmissionSchedule s{EmissionConfig{}};
  Amount sum = 0;
  double t = 0;
  for (; t < kPeriod + 3600; t += 60) {
    const Amount e = s.emitted(t, t + 60, 0);
    REQUIRE(e >= 0);
    sum += e;
  }
  CHECK(sum == kTotal);
  CHECK(s.emitted_total() == kTotal);
}

TEST_CASE("linear emission: any random partition of [0, period + extra] sums to exactly the total") {
  opgsim::Rng rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    EmissionConfig cfg;
    if (trial % 2) {
      cfg.total_opg = rng.uniform(0, 1e8);   // totals that are not round numbers
      cfg.period_s = rng.uniform(1, 1e9);
    }
    EmissionSchedule s{cfg};
    const Amount total = static_cast<Amount>(std::floor(cfg.total_opg * 1e9));
    const double end = cfg.period_s * rng.uniform(1.0, 1.5);
    std::vector<double> cuts(1 + rng.below(2000));
    for (auto& c : cuts) c = rng.uniform(0, end);
    if (cuts.size() > 3) cuts[1] = cuts[2];  // a zero-length epoch
    cuts.push_back(0);
    cuts.push_back(end);
    std::sort(cuts.begin(), cuts.end());
    Amount sum = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      const Amount e = s.emitted(cuts[i], cuts[i + 1], 0);
      REQUIRE(e >= 0);
      sum += e;
      REQUIRE(sum <= s.emitted_total());
      REQUIRE(s.emitted_total() <= total + 1);
    }
    // total_opg * 1e9 is converted to units within 1e-12 (relative) of an integer
    CHECK(std::abs(sum - total) <= 1);
    CHECK(sum == s.emitted_total());
    // and a second partition of the same schedule's config gives the very same total
    EmissionSchedule again{cfg};
    CHECK(again.emitted(0, end / 3, 0) + again.emitted(end / 3, end, 0) == sum);
  }
}

TEST_CASE("inverse-sqrt emission: yield k / sqrt(stake in OPG) per 365.25-day year") {
  EmissionConfig cfg;
  cfg.type = EmissionConfig::Type::InverseSqrt;
  EmissionSchedule s{cfg};
  // 1e6 OPG staked, k 166: yield 166 / 1000 = 16.6 % -> 166,000 OPG in a year
  const Amount stake = 1'000'000 * kUnitsPerOpg;
  CHECK(std::abs(s.emitted(0, kYear, stake) - 166'000 * kUnitsPerOpg) <= 1);
  CHECK(std::abs(s.emitted(kYear, 1.5 * kYear, stake) - 83'000 * kUnitsPerOpg) <= 1);
  // 30M OPG: 166 / sqrt(3e7) = 3.0307 % (notes §3h: about 3 % at 30M)
  const Amount big = 30'000'000 * kUnitsPerOpg;
  const double yield = static_cast<double>(s.emitted(0, kYear, big)) / static_cast<double>(big);
  CHECK(yield == doctest::Approx(166.0 / std::sqrt(3e7)).epsilon(1e-12));
  // one minute of 1e6 OPG: 166,000 OPG * 60 / 31,557,600 = 0.315613... OPG
  CHECK(std::abs(s.emitted(0, 60, stake) - 315'613'354) <= 1);
  CHECK(s.emitted(0, kYear, 0) == 0);  // no stake, nothing emitted
  CHECK(s.emitted(5, 5, stake) == 0);
  // unbounded by the linear bucket
  CHECK(s.emitted(0, 100 * kYear, big) > 0);
}

TEST_CASE("no emission, bad epochs and config validation") {
  EmissionConfig none;
  none.type = EmissionConfig::Type::None;
  EmissionSchedule s{none};
  CHECK(s.emitted(0, 1e9, kTotal) == 0);
  CHECK(s.emitted_total() == 0);
  CHECK_THROWS_AS(s.emitted(10, 5, 0), std::logic_error);
  CHECK_THROWS_AS(s.emitted(0, std::nan(""), 0), std::logic_error);

  auto message = [](const EmissionConfig& c) {
    try {
      c.validate("economy.emission");
    } catch (const opgsim::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EmissionConfig c;
  CHECK(message(c).empty());
  c.work_share = 1.5;
  CHECK(message(c) == "economy.emission.work_share: must be in [0, 1], got 1.5");
  c = EmissionConfig{};
  c.period_s = 0;
  CHECK(message(c) == "economy.emission.period_s: must be a finite number > 0 and at most 1e12, got 0");
  c = EmissionConfig{};
  c.total_opg = -5;
  CHECK(message(c) == "economy.emission.total_opg: must be a finite number in [0, 1e9] (the total supply), got -5");
  c = EmissionConfig{};
  c.k = -1;
  CHECK(message(c) == "economy.emission.k: must be a finite number >= 0, got -1");
  CHECK_THROWS_AS(EmissionSchedule{c}, opgsim::InputError);
}

TEST_CASE("pro_rata: exact sums and largest remainders, ties to the lower index") {
  std::vector<Amount> parts(3);
  const std::vector<Amount> equal{1, 1, 1};
  CHECK(pro_rata(10, equal, parts));
  CHECK(parts == std::vector<Amount>{4, 3, 3});
  CHECK(pro_rata(11, equal, parts));
  CHECK(parts == std::vector<Amount>{4, 4, 3});
  // 5:0:5 of 3 -> 1.5, 0, 1.5 -> the tie goes to index 0
  CHECK(pro_rata(3, std::vector<Amount>{5, 0, 5}, parts));
  CHECK(parts == std::vector<Amount>{2, 0, 1});
  // 1:2:7 of 9 -> 0.9, 1.8, 6.3: floors 0, 1, 6, leftover 2 to remainders .9 and .8
  CHECK(pro_rata(9, std::vector<Amount>{1, 2, 7}, parts));
  CHECK(parts == std::vector<Amount>{1, 2, 6});
  // all-zero weights: nothing assigned and false
  parts = {7, 7, 7};
  CHECK_FALSE(pro_rata(100, std::vector<Amount>{0, 0, 0}, parts));
  CHECK(parts == std::vector<Amount>{0, 0, 0});
  CHECK(pro_rata(0, equal, parts));
  CHECK(parts == std::vector<Amount>{0, 0, 0});
  std::vector<Amount> none;
  CHECK_FALSE(pro_rata(5, none, none));
  std::vector<Amount> two(2);
  CHECK_THROWS_AS(pro_rata(5, equal, two), std::logic_error);
  CHECK_THROWS_AS(pro_rata(5, std::vector<Amount>{1, -1}, two), std::logic_error);
  CHECK_THROWS_AS(pro_rata(-5, std::vector<Amount>{1, 1}, two), std::logic_error);
}

TEST_CASE("pro_rata: random weights, parts sum exactly and lie within one unit of the exact share") {
  opgsim::Rng rng(99);
  for (int it = 0; it < 2000; ++it) {
    const std::size_t n = 1 + rng.below(300);
    std::vector<Amount> w(n), parts(n);
    const bool huge = it % 2;
    for (auto& x : w) x = rng.below(4) == 0 ? 0 : static_cast<Amount>(huge ? rng.next_u64() >> 4 : rng.below(1000));
    const Amount total = static_cast<Amount>(huge ? rng.next_u64() >> 2 : rng.below(100'000));
    __int128_t wsum = 0;
    for (auto x : w) wsum += x;
    const bool ok = pro_rata(total, w, parts);
    REQUIRE(ok == (wsum > 0));
    __int128_t psum = 0;
    // largest remainders: every part rounded up has a remainder at least that of every part
    // not rounded up (and, on a tie, a lower index)
    __int128_t min_up = -1, max_down = -1;
    std::size_t min_up_i = 0, max_down_i = 0;
    for (std::size_t i = 0; i < n; ++i) {
      REQUIRE(parts[i] >= 0);
      psum += parts[i];
      if (wsum == 0 || w[i] == 0) continue;
      const __int128_t num = static_cast<__int128_t>(total) * w[i];
      const __int128_t fl = num / wsum, rem = num % wsum;
      REQUIRE((parts[i] == fl || parts[i] == fl + 1));
      if (parts[i] == fl + 1) {
        REQUIRE(rem != 0);
        if (min_up < 0 || rem <= min_up) min_up = rem, min_up_i = i;
      } else if (rem > max_down) {
        max_down = rem, max_down_i = i;
      }
    }
    if (min_up >= 0 && max_down >= 0) {
      REQUIRE(min_up >= max_down);
      if (min_up == max_down) REQUIRE(min_up_i < max_down_i);
    }
    REQUIRE(psum == (wsum > 0 ? total : 0));
  }
}
