// decide() is on the simulator's hot path: it must not allocate. Counts global operator new calls.
#include <doctest/doctest.h>

#include "tests/unit/counting_new.hpp"
#include <vector>

#include "models/policy/router_policy.hpp"

using opgsim::test::g_allocations;

using namespace opgsim::policy;

TEST_CASE("decide() does not allocate") {
  std::vector<NodeView> nodes(64);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].up = i % 3 != 0;
    nodes[i].outstanding = static_cast<std::uint32_t>(i % 4);
    nodes[i].slots = 2;
  }
  const RouterSnapshot snap{std::span<const NodeView>(nodes)};
  opgsim::Rng rng(1);
  for (const char* t : {"random", "round_robin", "least_outstanding", "power_of_two", "central_queue", "power_of_d"}) {
    CAPTURE(t);
    auto p = make_router_policy(t);
    std::int64_t sum = p->decide(snap, rng);  // power_of_d sizes its per-node marks at the first decision
    const long before = g_allocations.load();
    for (int i = 0; i < 1000; ++i) sum += p->decide(snap, rng);
    const long after = g_allocations.load();
    CHECK(after == before);
    CHECK(sum != 0);
  }
}
