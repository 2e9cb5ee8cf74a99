// power_of_d: d = 2 is power_of_two and d = 1 is random on the same random stream, d >= the node
// count is least outstanding, and small cases whose pick probabilities can be checked by hand.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/policy/router_policy.hpp"

using namespace opgsim::policy;
using opgsim::Rng;

namespace {

std::unique_ptr<RouterPolicy> power_of_d(double d) {
  return make_router_policy(RouterPolicySpec{"power_of_d", opgsim::ParamValues().set("d", d)});
}

std::int64_t decide(RouterPolicy& p, const std::vector<NodeView>& nodes, Rng& rng) {
  return p.decide(RouterSnapshot{std::span<const NodeView>(nodes)}, rng);
}

// Random loads and up flags, some nodes down, redrawn every round.
void scramble(std::vector<NodeView>& nodes, Rng& rng) {
  for (auto& v : nodes) {
    v.outstanding = static_cast<std::uint32_t>(rng.below(6));
    v.up = rng.below(4) != 0;
  }
}

}  // namespace

TEST_CASE("power_of_d with d = 2 picks exactly what power_of_two picks from the same stream") {
  auto d2 = power_of_d(2);
  auto two = make_router_policy("power_of_two");
  Rng a(11), b(11), world(12);
  for (std::size_t n : {1u, 2u, 3u, 7u, 64u}) {
    std::vector<NodeView> nodes(n);
    for (int i = 0; i < 3000; ++i) {
      scramble(nodes, world);
      REQUIRE(decide(*d2, nodes, a) == decide(*two, nodes, b));
    }
  }
  CHECK(a.next_u64() == b.next_u64());  // and the streams consumed the same draws
}

TEST_CASE("power_of_d with d = 1 is random choice among up nodes, draw for draw") {
  auto d1 = power_of_d(1);
  auto random = make_router_policy("random");
  Rng a(13), b(13), world(14);
  std::vector<NodeView> nodes(20);
  for (int i = 0; i < 3000; ++i) {
    scramble(nodes, world);
    REQUIRE(decide(*d1, nodes, a) == decide(*random, nodes, b));
  }
}

TEST_CASE("power_of_d with d >= the node count is least outstanding, ties at random") {
  Rng rng(15);
  auto p = power_of_d(5);
  std::vector<NodeView> nodes = {{4, 1, true}, {1, 1, true}, {0, 1, false}, {3, 1, true}, {1, 1, true}};
  std::vector<double> hits(5, 0);
  const int n = 20000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, nodes, rng))] += 1;
  // Nodes 1 and 4 tie at the minimum among up nodes (node 2 has 0 but is down): half each.
  CHECK(hits[0] + hits[2] + hits[3] == 0);
  CHECK(std::abs(hits[1] / n - 0.5) < 4 * std::sqrt(0.25 / n));
  auto big = power_of_d(1000);  // d beyond the node count is the same
  for (int i = 0; i < 100; ++i) {
    const auto k = decide(*big, nodes, rng);
    CHECK((k == 1 || k == 4));
  }
  for (auto& v : nodes) v.up = false;
  CHECK(decide(*p, nodes, rng) == kNoNodeUp);
}

TEST_CASE("power_of_d: hand-checked pick probabilities") {
  Rng rng(16);
  // Four nodes with loads 0, 1, 2, 3 and d = 3: the sample leaves out one node uniformly, so the
  // least loaded node 0 is picked when it is sampled (3/4), node 1 when node 0 is left out (1/4),
  // nodes 2 and 3 never.
  auto p = power_of_d(3);
  const std::vector<NodeView> nodes = {{0, 1, true}, {1, 1, true}, {2, 1, true}, {3, 1, true}};
  std::vector<double> hits(4, 0);
  const int n = 40000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, nodes, rng))] += 1;
  const double sd = std::sqrt(0.75 * 0.25 / n);
  CHECK(std::abs(hits[0] / n - 0.75) < 4 * sd);
  CHECK(std::abs(hits[1] / n - 0.25) < 4 * sd);
  CHECK(hits[2] + hits[3] == 0);
  // Ten nodes, only two up, d = 5: the sample is both up nodes, the lesser always wins.
  std::vector<NodeView> sparse(10, NodeView{0, 1, false});
  sparse[3] = {7, 1, true};
  sparse[8] = {2, 1, true};
  for (int i = 0; i < 200; ++i) CHECK(decide(*p, sparse, rng) == 8);
  // One node up: it is the answer.
  sparse[8].up = false;
  CHECK(decide(*p, sparse, rng) == 3);
}

TEST_CASE("power_of_d refuses d < 1 and non-integers, and d defaults to 2") {
  CHECK_THROWS_AS(power_of_d(0), std::invalid_argument);
  CHECK_THROWS_AS(power_of_d(2.5), std::invalid_argument);
  CHECK_THROWS_AS(make_router_policy(RouterPolicySpec{"power_of_d", opgsim::ParamValues().set("k", 2)}),
                  std::invalid_argument);
  CHECK_THROWS_AS(make_router_policy(RouterPolicySpec{"random", opgsim::ParamValues().set("d", 2)}),
                  std::invalid_argument);
  // The default is the registry's: the same picks as power_of_two.
  auto dflt = make_router_policy("power_of_d");
  auto two = make_router_policy("power_of_two");
  Rng a(17), b(17), world(18);
  std::vector<NodeView> nodes(16);
  for (int i = 0; i < 500; ++i) {
    scramble(nodes, world);
    REQUIRE(decide(*dflt, nodes, a) == decide(*two, nodes, b));
  }
}
