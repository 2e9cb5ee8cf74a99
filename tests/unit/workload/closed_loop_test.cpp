// ClosedLoop: users send again only after their previous request ended (or they gave up on it),
// after their think time, and never at or after end_s.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "models/workload/closed_loop.hpp"

using namespace opgsim::workload;

namespace {

RequestMix constant_mix() {
  RequestMix mix;
  mix.prompt_tokens.type = TokenDistribution::Type::Constant;
  mix.prompt_tokens.value = 100;
  mix.output_tokens.type = TokenDistribution::Type::Constant;
  mix.output_tokens.value = 10;
  return mix;
}

ClosedLoopSpec spec(std::uint32_t users, double think, bool exponential, double end) {
  ClosedLoopSpec s;
  s.users = users;
  s.think_time_s = think;
  s.exponential_think = exponential;
  s.end_s = end;
  return s;
}

}  // namespace

TEST_CASE("every user sends its first request at time 0, and nothing more until it ends") {
  ClosedLoop loop(spec(3, 0, false, 100), constant_mix(), opgsim::Rng(1));
  CHECK(loop.next_time() == 0.0);
  Arrival a;
  std::uint32_t user = 99;
  int sent = 0;
  while (loop.pop_submission(0.0, a, user)) {
    CHECK(a.time_s == 0.0);
    CHECK(a.prompt_tokens == 100);
    CHECK(a.output_tokens == 10);
    loop.on_submitted(user, 30.0);
    ++sent;
  }
  CHECK(sent == 3);
  // Nothing is due before the users' timeouts.
  CHECK(loop.next_time() == 30.0);
  CHECK_FALSE(loop.pop_submission(29.0, a, user));
}

TEST_CASE("a user sends again one think time after its request ended") {
  ClosedLoop loop(spec(1, 2.5, false, 100), constant_mix(), opgsim::Rng(1));
  Arrival a;
  std::uint32_t user = 0;
  REQUIRE(loop.pop_submission(0.0, a, user));
  loop.on_submitted(user, 50.0);
  loop.on_ended(user, 4.0);
  CHECK(loop.next_time() == doctest::Approx(6.5));
  CHECK_FALSE(loop.pop_submission(6.0, a, user));
  REQUIRE(loop.pop_submission(6.5, a, user));
  CHECK(a.time_s == 6.5);
}

TEST_CASE("a user gives up at its timeout, sends again, and ignores the late end of the old request") {
  ClosedLoop loop(spec(1, 0, false, 100), constant_mix(), opgsim::Rng(1));
  Arrival a;
  std::uint32_t user = 0;
  REQUIRE(loop.pop_submission(0.0, a, user));
  loop.on_submitted(user, 10.0);
  CHECK(loop.next_time() == 10.0);
  REQUIRE(loop.pop_submission(10.0, a, user));  // gave up at 10, think 0: the next one at 10
  loop.on_submitted(user, 20.0);
  loop.on_ended(user, 12.0);  // the second request ends: the user continues at 12
  CHECK(loop.next_time() == 12.0);
  REQUIRE(loop.pop_submission(12.0, a, user));
  loop.on_submitted(user, 22.0);
  CHECK(loop.next_time() == 22.0);
}

TEST_CASE("no request starts at or after end_s") {
  ClosedLoop loop(spec(1, 1.0, false, 5.0), constant_mix(), opgsim::Rng(1));
  Arrival a;
  std::uint32_t user = 0;
  REQUIRE(loop.pop_submission(0.0, a, user));
  loop.on_submitted(user, 100.0);
  loop.on_ended(user, 4.0);  // 4 + 1 = 5 is not before end_s
  CHECK(std::isinf(loop.next_time()));
}

TEST_CASE("exponential think times have the configured mean, and start spread stays in range") {
  ClosedLoopSpec s = spec(2000, 3.0, true, 1e12);
  s.start_spread_s = 10.0;
  ClosedLoop loop(s, constant_mix(), opgsim::Rng(7));
  Arrival a;
  std::uint32_t user = 0;
  int first = 0;
  while (loop.pop_submission(10.0, a, user)) {
    loop.on_submitted(user, 1e9);
    ++first;
  }
  CHECK(first == 2000);
  // End every request at t = 10: the next submissions come 10 + Exp(3) later.
  double sum = 0;
  ClosedLoop again(s, constant_mix(), opgsim::Rng(7));
  while (again.pop_submission(10.0, a, user)) again.on_submitted(user, 1e9);
  for (std::uint32_t u = 0; u < 2000; ++u) again.on_ended(u, 10.0);
  for (int i = 0; i < 2000; ++i) {
    const double t = again.next_time();
    REQUIRE(t < 1e9);
    REQUIRE(again.pop_submission(t, a, user));
    again.on_submitted(user, 1e9);
    sum += t - 10.0;
  }
  const double mean = sum / 2000;
  CHECK(mean == doctest::Approx(3.0).epsilon(0.08));  // 4 sigma of the sample mean is ~9 %
}

TEST_CASE("after a refused or failed request a user waits at least retry_delay_s") {
  ClosedLoopSpec s = spec(1, 0.0, false, 100);
  s.retry_delay_s = 2.0;
  ClosedLoop loop(s, constant_mix(), opgsim::Rng(1));
  Arrival a;
  std::uint32_t user = 0;
  REQUIRE(loop.pop_submission(0.0, a, user));
  loop.on_submitted(user, 50.0);
  loop.on_ended(user, 0.0, false);  // refused at once: no retry at the same instant
  CHECK(loop.next_time() == 2.0);
  REQUIRE(loop.pop_submission(2.0, a, user));
  loop.on_submitted(user, 50.0);
  loop.on_ended(user, 3.0, true);  // answered: think time (0) only
  CHECK(loop.next_time() == 3.0);
}
