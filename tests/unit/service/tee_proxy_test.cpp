// Unit tests of the TEE proxy's upstream model (models/service/upstream_api.hpp) and its service
// model (tee_proxy.hpp): hand-computed rate-limit waits, the lognormal's percentiles, and the
// events of one call.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/common/input_error.hpp"
#include "models/service/service_model.hpp"
#include "models/service/tee_proxy.hpp"
#include "models/service/upstream_api.hpp"

using opgsim::Rng;
using namespace opgsim::service;

TEST_CASE("a rate limit of 2 per s queues 5 simultaneous calls 0.5 s apart") {
  // No burst (1): calls leave at 0, 0.5, 1.0, 1.5, 2.0; waits sum to 5 s, mean 1 s.
  RateLimiter limit(2.0, 1);
  std::vector<double> leave;
  for (int i = 0; i < 5; ++i) leave.push_back(limit.reserve(0.0));
  CHECK(leave == std::vector<double>{0.0, 0.5, 1.0, 1.5, 2.0});
  // The bucket has refilled by 10 s: the next call leaves at once, the one after 0.5 s later.
  CHECK(limit.reserve(10.0) == 10.0);
  CHECK(limit.reserve(10.0) == 10.5);
}

TEST_CASE("a burst of 2 lets two calls leave at once, then the rate applies") {
  // Rate 2/s, burst 2, five calls at 0: 0, 0, 0.5, 1.0, 1.5.
  RateLimiter limit(2.0, 2);
  std::vector<double> leave;
  for (int i = 0; i < 5; ++i) leave.push_back(limit.reserve(0.0));
  CHECK(leave == std::vector<double>{0.0, 0.0, 0.5, 1.0, 1.5});
  // The schedule's next time is now 2.5 (1.5 + 0.5); a call may run 0.5 s (burst - 1 intervals)
  // ahead of it: a call at 1.2 leaves at 2.0, the next at 2.5.
  CHECK(limit.reserve(1.2) == 2.0);
  CHECK(limit.reserve(1.2) == 2.5);
}

TEST_CASE("no rate limit lets every call leave at once") {
  RateLimiter none(0.0, 1);
  for (int i = 0; i < 5; ++i) CHECK(none.reserve(3.0) == 3.0);
}

TEST_CASE("the median-p90 lognormal has its median and 90th percentile") {
  const MedianP90 d(0.5, 1.5);
  CHECK(d.sigma() == doctest::Approx(std::log(3.0) / 1.2815515655446004));
  Rng rng(7);
  std::vector<double> x;
  for (int i = 0; i < 200000; ++i) x.push_back(d.draw(rng));
  std::sort(x.begin(), x.end());
  CHECK(x[100000] == doctest::Approx(0.5).epsilon(0.02));
  CHECK(x[180000] == doctest::Approx(1.5).epsilon(0.02));
  CHECK(MedianP90(2.0, 2.0).draw(rng) == 2.0);
  CHECK_THROWS_AS(MedianP90(1.0, 0.5), opgsim::InputError);
}

TEST_CASE("a tee proxy call: rate-limit wait, then TTFT, then the tokens at the drawn speed") {
  // Constant latencies (p90 = median): TTFT 0.5 s, 50 tokens/s; rate 2/s without burst.
  UpstreamConfig c;
  c.ttft_median_s = c.ttft_p90_s = 0.5;
  c.tokens_per_s_median = c.tokens_per_s_p90 = 50;
  c.rate_limit_rps = 2;
  c.rate_limit_burst = 1;
  c.concurrency = 2;
  TeeProxy proxy(c, Rng(1));
  CHECK(proxy.slots() == 2);
  proxy.admit(Job{1, 100, 101}, 0.0);  // leaves at 0, first token 0.5, done 0.5 + 100 / 50 = 2.5
  proxy.admit(Job{2, 100, 1}, 0.0);    // leaves at 0.5 (rate limit), first token = done = 1.0
  CHECK_FALSE(proxy.can_admit(Job{3, 1, 1}));
  std::vector<ServiceEvent> ev;
  proxy.advance(10.0, ev);
  using K = ServiceEvent::Kind;
  REQUIRE(ev.size() == 6);
  const std::vector<std::tuple<K, std::uint32_t, double>> want{
      {K::Started, 1, 0.0}, {K::Started, 2, 0.5}, {K::FirstToken, 1, 0.5},
      {K::FirstToken, 2, 1.0}, {K::Done, 2, 1.0}, {K::Done, 1, 2.5}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(ev[i].kind == std::get<0>(want[i]));
    CHECK(ev[i].id == std::get<1>(want[i]));
    CHECK(ev[i].time == doctest::Approx(std::get<2>(want[i])));
  }
  // Busy: 2 of 2 slots until 1.0, 1 of 2 until 2.5: (1.0 * 1 + 1.5 * 0.5) = 1.75 slot-fractions.
  CHECK(proxy.busy_integral(10.0) == doctest::Approx(1.75));
  CHECK(proxy.in_service() == 0);
}

TEST_CASE("a crashed tee proxy aborts its calls in flight") {
  UpstreamConfig c;
  c.rate_limit_rps = 0;
  TeeProxy proxy(c, Rng(3));
  proxy.admit(Job{4, 10, 10}, 0.0);
  proxy.admit(Job{5, 10, 10}, 0.0);
  std::vector<std::uint32_t> ids;
  proxy.abort_all(ids);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::uint32_t>{4, 5});
  CHECK(proxy.in_service() == 0);
  CHECK(proxy.next_event_time() == kNever);
}

TEST_CASE("the service registry builds a tee proxy from its spec") {
  ServiceSpec spec;
  spec.type = ServiceSpec::Type::TeeProxy;
  spec.concurrency = 7;
  const auto m = make_service_model(spec, Rng(1));
  CHECK(dynamic_cast<TeeProxy*>(m.get()) != nullptr);
  CHECK(m->slots() == 7);
}
