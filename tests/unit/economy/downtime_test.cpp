// Validator liveness: jailing at exactly the 51st miss of 100, jail duration, no double
// punishment, ring eviction, and a brute-force reference over random signing patterns.
#include <doctest/doctest.h>

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/common/rng.hpp"
#include "models/economy/downtime.hpp"

using namespace opgsim::economy;

TEST_CASE("a validator is jailed at exactly the block that makes its misses 51 of 100") {
  const DowntimeConfig cfg;  // window 100, 50 % signed, jail 600 s
  LivenessTracker lt(cfg, 3);
  std::vector<std::uint32_t> punished;
  std::vector<std::uint8_t> flags{1, 1, 1};
  double now = 0;
  // 200 blocks, one a second, all signed
  for (int b = 0; b < 200; ++b) lt.on_block(flags, now += 1, punished);
  CHECK(punished.empty());
  // validator 1 stops signing: 50 misses are tolerated (50 of 100 signed is enough)
  flags[1] = 0;
  for (int b = 0; b < 50; ++b) lt.on_block(flags, now += 1, punished);
  CHECK(punished.empty());
  CHECK(lt.missed_in_window(1) == 50);
  CHECK_FALSE(lt.jailed(1, now));
  // the 51st miss jails it
  lt.on_block(flags, now += 1, punished);
  REQUIRE(punished == std::vector<std::uint32_t>{1});
  const double jailed_at = now;
  CHECK(lt.jailed(1, now));
  CHECK(lt.missed_in_window(1) == 0);  // its window is reset
  CHECK(lt.missed_in_window(0) == 0);
  // not punished again while jailed, though it keeps missing
  punished.clear();
  while (now + 1 < jailed_at + cfg.jail_s) lt.on_block(flags, now += 1, punished);
  CHECK(punished.empty());
  CHECK(lt.jailed(1, now));
  CHECK(lt.missed_in_window(1) == 0);  // jailed validators are not counted
  CHECK(lt.jailed(1, jailed_at + cfg.jail_s - 1e-9));
  CHECK_FALSE(lt.jailed(1, jailed_at + cfg.jail_s));
  // out of jail it needs a full window again: still missing, it is jailed at the 100th block
  now = jailed_at + cfg.jail_s - 1;
  for (int b = 1; b <= 99; ++b) lt.on_block(flags, now += 1, punished);
  CHECK(punished.empty());
  CHECK(lt.missed_in_window(1) == 99);
  lt.on_block(flags, now += 1, punished);
  CHECK(punished == std::vector<std::uint32_t>{1});
}

TEST_CASE("the window must be full: 51 misses from the start jail at block 100") {
  LivenessTracker lt(DowntimeConfig{}, 2);
  std::vector<std::uint32_t> punished;
  std::vector<std::uint8_t> flags{0, 1};
  for (int b = 1; b <= 51; ++b) lt.on_block(flags, b, punished);
  flags[0] = 1;
  for (int b = 52; b <= 99; ++b) lt.on_block(flags, b, punished);
  CHECK(punished.empty());
  CHECK(lt.missed_in_window(0) == 51);
  lt.on_block(flags, 100, punished);
  CHECK(punished == std::vector<std::uint32_t>{0});
}

TEST_CASE("exactly half signed is never jailed, and old misses leave the window") {
  LivenessTracker lt(DowntimeConfig{}, 1);
  std::vector<std::uint32_t> punished;
  for (int b = 0; b < 10'000; ++b) {
    const std::uint8_t f = b % 2;
    lt.on_block(std::span<const std::uint8_t>(&f, 1), b, punished);
  }
  CHECK(punished.empty());
  CHECK(lt.missed_in_window(0) == 50);

  // window 130 (not a multiple of 64), 90 % signed: ceil(117) signed needed, so 13 misses allowed
  DowntimeConfig cfg;
  cfg.window_blocks = 130;
  cfg.min_signed = 0.9;
  LivenessTracker w(cfg, 1);
  std::uint8_t f = 0;
  double t = 0;
  for (int b = 0; b < 13; ++b) w.on_block(std::span<const std::uint8_t>(&f, 1), t += 1, punished);
  f = 1;
  for (int b = 0; b < 117; ++b) w.on_block(std::span<const std::uint8_t>(&f, 1), t += 1, punished);
  CHECK(w.missed_in_window(0) == 13);
  // each new miss pushes an old miss out: still 13
  f = 0;
  for (int b = 0; b < 13; ++b) w.on_block(std::span<const std::uint8_t>(&f, 1), t += 1, punished);
  CHECK(punished.empty());
  CHECK(w.missed_in_window(0) == 13);
  // the 14th miss in a row finds a signed block leaving: 14 missed, jailed
  w.on_block(std::span<const std::uint8_t>(&f, 1), t += 1, punished);
  CHECK(punished == std::vector<std::uint32_t>{0});
}

TEST_CASE("min_signed 0 never jails, a flag count mismatch is a caller bug") {
  DowntimeConfig cfg;
  cfg.min_signed = 0;
  LivenessTracker lt(cfg, 2);
  std::vector<std::uint32_t> punished;
  const std::vector<std::uint8_t> flags{0, 0};
  for (int b = 0; b < 1000; ++b) lt.on_block(flags, b, punished);
  CHECK(punished.empty());
  CHECK(lt.missed_in_window(0) == 100);
  CHECK_THROWS_AS(lt.on_block(std::vector<std::uint8_t>{0}, 0, punished), std::logic_error);
}

TEST_CASE("liveness matches a brute-force reference over random signing") {
  struct Ref {
    std::deque<bool> missed;
    double jailed_until = -1e300;
  };
  opgsim::Rng rng(5);
  for (const std::uint32_t window : {100u, 7u, 64u, 65u, 300u}) {
    DowntimeConfig cfg;
    cfg.window_blocks = window;
    cfg.min_signed = 0.6;
    cfg.jail_s = 37;
    const std::uint32_t n = 20;
    const std::uint32_t need = (window * 6 + 9) / 10;  // ceil(0.6 * window)
    LivenessTracker lt(cfg, n);
    std::vector<Ref> ref(n);
    std::vector<double> p(n);
    for (auto& x : p) x = rng.uniform(0.2, 1.0);
    std::vector<std::uint8_t> flags(n);
    std::vector<std::uint32_t> punished, expect;
    for (int b = 0; b < 5000; ++b) {
      const double now = b * 2.0;
      for (std::uint32_t v = 0; v < n; ++v) flags[v] = rng.uniform01() < p[v];
      expect.clear();
      for (std::uint32_t v = 0; v < n; ++v) {
        Ref& r = ref[v];
        if (now < r.jailed_until) continue;
        r.missed.push_back(!flags[v]);
        if (r.missed.size() > window) r.missed.pop_front();
        std::uint32_t m = 0;
        for (bool x : r.missed) m += x;
        if (r.missed.size() == window && window - m < need) {
          r.jailed_until = now + cfg.jail_s;
          r.missed.clear();
          expect.push_back(v);
        }
      }
      punished.clear();
      lt.on_block(flags, now, punished);
      REQUIRE(punished == expect);
      for (std::uint32_t v = 0; v < n; ++v) {
        std::uint32_t m = 0;
        for (bool x : ref[v].missed) m += x;
        REQUIRE(lt.missed_in_window(v) == m);
        REQUIRE(lt.jailed(v, now) == (now < ref[v].jailed_until));
      }
    }
  }
}

TEST_CASE("downtime config validation names the key, the rule and the value") {
  auto message = [](const DowntimeConfig& c) {
    try {
      c.validate("economy.downtime");
    } catch (const opgsim::InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  DowntimeConfig c;
  CHECK(message(c).empty());
  c.window_blocks = 0;
  CHECK(message(c) == "economy.downtime.window_blocks: must be in [1, 100000000], got 0");
  c = {};
  c.min_signed = 1.5;
  CHECK(message(c) == "economy.downtime.min_signed: must be in [0, 1], got 1.5");
  c = {};
  c.slash_fraction = -0.1;
  CHECK(message(c) == "economy.downtime.slash_fraction: must be in [0, 1], got -0.1");
  c = {};
  c.jail_s = -1;
  CHECK(message(c) == "economy.downtime.jail_s: must be a finite number >= 0, got -1");
  CHECK_THROWS_AS(LivenessTracker(c, 3), opgsim::InputError);
}
