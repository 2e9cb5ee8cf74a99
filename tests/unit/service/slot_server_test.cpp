// Unit tests of the plain-distribution service models (SlotServer) and the registry dispatch.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/service/service_model.hpp"
#include "models/service/slot_server.hpp"

using opgsim::Rng;
using namespace opgsim::service;

namespace {

using Kind = ServiceEvent::Kind;

// Service times of n jobs run one at a time (concurrency 1): Done - Started.
std::vector<double> service_times(SlotServer& s, int n) {
  std::vector<double> times;
  std::vector<ServiceEvent> ev;
  double now = 0;
  for (int i = 0; i < n; ++i) {
    s.admit(Job{static_cast<std::uint32_t>(i), 1, 1}, now);
    s.advance(now, ev);
    now = s.next_event_time();
    s.advance(now, ev);
  }
  for (std::size_t i = 0; i + 1 < ev.size(); i += 2) {
    REQUIRE(ev[i].kind == Kind::Started);
    REQUIRE(ev[i + 1].kind == Kind::Done);
    times.push_back(ev[i + 1].time - ev[i].time);
  }
  return times;
}

void moments(const std::vector<double>& x, double& mean, double& cv) {
  double s = 0, s2 = 0;
  for (double v : x) s += v;
  mean = s / static_cast<double>(x.size());
  for (double v : x) s2 += (v - mean) * (v - mean);
  cv = std::sqrt(s2 / static_cast<double>(x.size() - 1)) / mean;
}

}  // namespace

TEST_CASE("exponential service times have the configured mean and cv 1") {
  SlotServer s(SlotServer::Distribution::Exponential, 0.25, 0, 1, Rng::stream(7, "inference.service", 0));
  double mean = 0, cv = 0;
  moments(service_times(s, 200000), mean, cv);
  CHECK(mean == doctest::Approx(0.25).epsilon(0.01));
  CHECK(cv == doctest::Approx(1.0).epsilon(0.02));
}

TEST_CASE("deterministic service time is exact") {
  SlotServer s(SlotServer::Distribution::Deterministic, 0.1, 0, 1, Rng(1));
  std::vector<ServiceEvent> ev;
  const double t0 = 12.345;
  s.admit(Job{9, 1, 1}, t0);
  CHECK(s.next_event_time() == t0);
  s.advance(t0, ev);
  CHECK(s.next_event_time() == t0 + 0.1);
  s.advance(100, ev);
  REQUIRE(ev.size() == 2);
  CHECK(ev[1].kind == Kind::Done);
  CHECK(ev[1].id == 9);
  CHECK(ev[1].time == t0 + 0.1);
  CHECK(s.next_event_time() == kNever);
}

TEST_CASE("lognormal service times match mean and cv") {
  for (const double cv_target : {0.5, 2.0}) {
    SlotServer s(SlotServer::Distribution::Lognormal, 2.0, cv_target, 1, Rng::stream(3, "svc", 1));
    double mean = 0, cv = 0;
    moments(service_times(s, 400000), mean, cv);
    CHECK(mean == doctest::Approx(2.0).epsilon(cv_target < 1 ? 0.01 : 0.03));
    // The sample cv of a heavy-tailed lognormal converges slowly: a loose bound at cv 2.
    CHECK(cv == doctest::Approx(cv_target).epsilon(cv_target < 1 ? 0.02 : 0.15));
  }
}

TEST_CASE("concurrency limits admission, a completion frees a server") {
  SlotServer s(SlotServer::Distribution::Deterministic, 1.0, 0, 3, Rng(1));
  CHECK(s.slots() == 3);
  for (std::uint32_t i = 0; i < 3; ++i) {
    REQUIRE(s.can_admit(Job{i, 1, 1}));
    s.admit(Job{i, 1, 1}, 0.25 * i);
  }
  CHECK_FALSE(s.can_admit(Job{3, 1, 1}));
  CHECK(s.in_service() == 3);
  std::vector<ServiceEvent> ev;
  s.advance(0.9, ev);
  CHECK_FALSE(s.can_admit(Job{3, 1, 1}));
  s.advance(1.0, ev);
  CHECK(s.can_admit(Job{3, 1, 1}));
  CHECK(s.in_service() == 2);
  CHECK(s.next_event_time() == 1.25);
}

TEST_CASE("events come out in time order, Started before Done at the same instant") {
  SlotServer s(SlotServer::Distribution::Deterministic, 1.0, 0, 2, Rng(1));
  std::vector<ServiceEvent> ev;
  s.admit(Job{1, 1, 1}, 0.0);
  s.admit(Job{2, 1, 1}, 1.0);  // no advance in between: job 1 finishes at exactly this instant
  s.advance(1.0, ev);
  REQUIRE(ev.size() == 3);
  CHECK((ev[0].kind == Kind::Started && ev[0].id == 1 && ev[0].time == 0.0));
  CHECK((ev[1].kind == Kind::Started && ev[1].id == 2 && ev[1].time == 1.0));
  CHECK((ev[2].kind == Kind::Done && ev[2].id == 1 && ev[2].time == 1.0));
}

TEST_CASE("ties in completion time are broken by admission order") {
  SlotServer s(SlotServer::Distribution::Deterministic, 1.0, 0, 4, Rng(1));
  std::vector<ServiceEvent> ev;
  for (std::uint32_t id : {40u, 10u, 30u, 20u}) s.admit(Job{id, 1, 1}, 0.0);
  s.advance(5.0, ev);
  REQUIRE(ev.size() == 8);
  const std::uint32_t want[] = {40, 10, 30, 20};
  for (int i = 0; i < 4; ++i) {
    CHECK(ev[4 + i].kind == Kind::Done);
    CHECK(ev[4 + i].id == want[i]);
  }
}

TEST_CASE("busy_integral is exact on a hand schedule") {
  // Two servers, service 2 s: A on [0, 2], B on [1, 3]. Busy servers: 1, 2, 1 on unit intervals.
  SlotServer s(SlotServer::Distribution::Deterministic, 2.0, 0, 2, Rng(1));
  std::vector<ServiceEvent> ev;
  s.admit(Job{1, 1, 1}, 0.0);
  CHECK(s.busy_integral(0.5) == 0.25);
  s.advance(1.0, ev);
  s.admit(Job{2, 1, 1}, 1.0);
  CHECK(s.busy_integral(1.5) == (1.0 + 1.0) / 2);
  s.advance(2.0, ev);
  CHECK(s.busy_integral(2.0) == (1.0 + 2.0) / 2);
  s.advance(3.0, ev);
  CHECK(s.busy_integral(3.0) == 2.0);
  s.advance(10.0, ev);
  CHECK(s.busy_integral(10.0) == 2.0);
}

TEST_CASE("abort_all returns jobs in service in admission order and leaves the model idle") {
  SlotServer s(SlotServer::Distribution::Exponential, 1.0, 0, 4, Rng(5));
  std::vector<ServiceEvent> ev;
  for (std::uint32_t id : {7u, 3u, 5u}) s.admit(Job{id, 1, 1}, 1.0);
  std::vector<std::uint32_t> ids;
  s.abort_all(ids);
  CHECK(ids == std::vector<std::uint32_t>{7, 3, 5});
  CHECK(s.in_service() == 0);
  CHECK(s.next_event_time() == kNever);
  s.advance(100.0, ev);
  CHECK(ev.empty());  // the aborted jobs' Started events are never reported
  CHECK(s.busy_integral(100.0) == 0.0);  // aborted at t = 1, when they were admitted
  CHECK(s.can_admit(Job{8, 1, 1}));
}

TEST_CASE("the same seed gives the same service times") {
  SlotServer a(SlotServer::Distribution::Lognormal, 1.0, 0.7, 1, Rng::stream(11, "x", 2));
  SlotServer b(SlotServer::Distribution::Lognormal, 1.0, 0.7, 1, Rng::stream(11, "x", 2));
  CHECK(service_times(a, 100) == service_times(b, 100));
}

TEST_CASE("make_service_model dispatches on type") {
  ServiceSpec spec;
  spec.type = ServiceSpec::Type::Deterministic;
  spec.mean_s = 0.5;
  spec.concurrency = 4;
  auto m = make_service_model(spec, Rng(1));
  REQUIRE(m);
  CHECK(m->slots() == 4);
  CHECK(dynamic_cast<SlotServer*>(m.get()) != nullptr);

  spec.type = ServiceSpec::Type::Gpu;
  spec.gpu = "h100-sxm";
  spec.model = "llama-3.1-8b";
  spec.max_batch = 64;
  spec.catalog_file = OPGSIM_SOURCE_DIR "/models/gpu/catalog.json";
  auto g = make_service_model(spec, Rng(1));
  REQUIRE(g);
  CHECK(g->slots() == 64);
  CHECK(g->can_admit(Job{1, 100, 100}));
}

TEST_CASE("slowdown: deterministic service takes exactly factor times longer, draws are unchanged") {
  SlotServer s(SlotServer::Distribution::Deterministic, 0.75, 0, 2, Rng(1));
  std::vector<ServiceEvent> ev;
  s.admit(Job{1, 1, 1}, 0);
  s.set_slowdown(2.0, 0.25);
  s.admit(Job{2, 1, 1}, 0.25);  // slowed: 1.5 s
  s.advance(0.75, ev);
  REQUIRE(ev.size() == 3);
  CHECK((ev[2].kind == Kind::Done && ev[2].id == 1 && ev[2].time == 0.75));  // admitted before: unchanged
  s.set_slowdown(1.0, 0.75);
  s.admit(Job{3, 1, 1}, 0.75);  // normal again
  s.advance(10, ev);
  REQUIRE(ev.size() == 6);
  CHECK((ev[4].id == 3 && ev[4].time == 1.5));
  CHECK((ev[5].id == 2 && ev[5].time == 1.75));
  CHECK_THROWS_AS(s.set_slowdown(0.9, 10), std::invalid_argument);

  // Random draws: the same sequence, each scaled, so a slowed run stays reproducible.
  SlotServer a(SlotServer::Distribution::Exponential, 0.3, 0, 1, Rng::stream(5, "svc", 0));
  SlotServer b(SlotServer::Distribution::Exponential, 0.3, 0, 1, Rng::stream(5, "svc", 0));
  b.set_slowdown(2.0, 0);
  const std::vector<double> ta = service_times(a, 1000), tb = service_times(b, 1000);
  REQUIRE(ta.size() == tb.size());
  for (std::size_t i = 0; i < ta.size(); ++i) REQUIRE(tb[i] == doctest::Approx(2 * ta[i]).epsilon(1e-12));
}
