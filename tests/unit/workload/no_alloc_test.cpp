// next() is on the simulator's hot path: it must not allocate. Counts global operator new calls.
#include <doctest/doctest.h>

#include "tests/unit/counting_new.hpp"

#include "models/workload/arrivals.hpp"

using opgsim::test::g_allocations;

using namespace opgsim::workload;

TEST_CASE("rate and trace processes do not allocate in next()") {
  RequestMix mix;
  mix.prompt_tokens.type = TokenDistribution::Type::Lognormal;
  mix.prompt_tokens.median = 500;
  mix.prompt_tokens.sigma = 1;
  mix.prompt_tokens.max = 4000;
  mix.class_weights = {1, 2};
  auto p = make_rate_process({{100, 1, 50}, {100, 0, 0}, {100, 20, 20}}, 1.0, 1e9, mix, opgsim::Rng(1));
  Trace t;
  for (int i = 0; i < 100; ++i) t.rows.push_back({static_cast<double>(i), 0, 1, 1});
  auto q = make_trace_process(t, 0, 2, 1e9);
  Arrival a;
  int n = 0;
  const long before = g_allocations.load();
  while (p->next(a)) ++n;
  while (q->next(a)) ++n;
  const long after = g_allocations.load();
  CHECK(n > 1000);
  CHECK(after == before);
}
