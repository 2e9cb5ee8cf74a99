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
  for (auto t : {RouterPolicyType::Random, RouterPolicyType::RoundRobin, RouterPolicyType::LeastOutstanding,
                 RouterPolicyType::PowerOfTwo, RouterPolicyType::CentralQueue}) {
    auto p = make_router_policy(t);
    std::int64_t sum = 0;
    const long before = g_allocations.load();
    for (int i = 0; i < 1000; ++i) sum += p->decide(snap, rng);
    const long after = g_allocations.load();
    CHECK(after == before);
    CHECK(sum != 0);
  }
}
