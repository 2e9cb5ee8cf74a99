// OPG/USD price path: constant default, series interpolation and steps, compounding shocks, floor.
#include <doctest/doctest.h>

#include <string>

#include "models/common/input_error.hpp"
#include "models/economy/token_price.hpp"

using namespace opgsim::economy;

namespace {
std::string message(const TokenPriceConfig& c) {
  try {
    c.validate("economy.token_price");
  } catch (const opgsim::InputError& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST_CASE("the default price is a constant 0.10 USD") {
  const TokenPriceConfig cfg;
  CHECK(price_at(cfg, 0) == 0.10);
  CHECK(price_at(cfg, -5) == 0.10);
  CHECK(price_at(cfg, 1e9) == 0.10);
}

TEST_CASE("a series interpolates linearly, is flat outside, and two points at one time make a step") {
  TokenPriceConfig cfg;
  cfg.initial_usd = 99;  // replaced by the series
  cfg.series = {{100, 1.0}, {200, 2.0}, {200, 4.0}, {300, 3.0}};
  CHECK(price_at(cfg, 0) == 1.0);
  CHECK(price_at(cfg, 100) == 1.0);
  CHECK(price_at(cfg, 150) == doctest::Approx(1.5));
  CHECK(price_at(cfg, 175) == doctest::Approx(1.75));
  CHECK(price_at(cfg, 199.999) == doctest::Approx(1.99999));
  CHECK(price_at(cfg, 200) == 4.0);  // from the step on, the later point holds
  CHECK(price_at(cfg, 250) == doctest::Approx(3.5));
  CHECK(price_at(cfg, 300) == 3.0);
  CHECK(price_at(cfg, 1e6) == 3.0);
  TokenPriceConfig one;
  one.series = {{50, 0.2}};
  CHECK(price_at(one, 0) == 0.2);
  CHECK(price_at(one, 100) == 0.2);
}

TEST_CASE("shocks multiply the path from their time on and compound") {
  TokenPriceConfig cfg;  // 0.10 USD
  cfg.shocks = {{50, 0.5}, {60, 0.5}, {60, 3.0}};
  CHECK(price_at(cfg, 49.9) == 0.10);
  CHECK(price_at(cfg, 50) == doctest::Approx(0.05));
  CHECK(price_at(cfg, 59) == doctest::Approx(0.05));
  CHECK(price_at(cfg, 60) == doctest::Approx(0.075));  // 0.1 * 0.5 * 0.5 * 3
  CHECK(price_at(cfg, 1e9) == doctest::Approx(0.075));
  // on a series too
  cfg.series = {{0, 1.0}, {100, 2.0}};
  CHECK(price_at(cfg, 40) == doctest::Approx(1.4));
  CHECK(price_at(cfg, 50) == doctest::Approx(0.75));   // 1.5 * 0.5
  CHECK(price_at(cfg, 80) == doctest::Approx(1.35));   // 1.8 * 0.75
}

TEST_CASE("the floor holds the price up") {
  TokenPriceConfig cfg;
  cfg.shocks = {{10, 0.1}, {20, 0.1}};
  cfg.floor_usd = 0.004;
  CHECK(price_at(cfg, 0) == 0.10);
  CHECK(price_at(cfg, 10) == doctest::Approx(0.01));
  CHECK(price_at(cfg, 20) == 0.004);  // 0.001 is below the floor
}

TEST_CASE("price config validation names the key, the rule and the value") {
  TokenPriceConfig c;
  CHECK(message(c).empty());
  c.initial_usd = 0;
  CHECK(message(c) == "economy.token_price.initial_usd: must be a finite number > 0, got 0");
  c = {};
  c.series = {{0, 1}, {10, 2}, {5, 3}};
  CHECK(message(c) == "economy.token_price.series[2].time_s: must not be before the previous point's (10), got 5");
  c.series = {{0, 1}, {10, -2}};
  CHECK(message(c) == "economy.token_price.series[1].usd: must be a finite number > 0, got -2");
  c = {};
  c.shocks = {{5, 0}};
  CHECK(message(c) == "economy.token_price.shocks[0].factor: must be a finite number > 0, got 0");
  c.shocks = {{5, 2}, {4, 2}};
  CHECK(message(c) == "economy.token_price.shocks[1].time_s: must not be before the previous shock's (5), got 4");
  c = {};
  c.floor_usd = -1;
  CHECK(message(c) == "economy.token_price.floor_usd: must be a finite number >= 0, got -1");
}
