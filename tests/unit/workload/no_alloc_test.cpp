// next() is on the simulator's hot path: it must not allocate. Counts global operator new calls.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "models/workload/arrivals.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

// GCC 12 cannot see that this new and delete are a matching malloc/free pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

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
