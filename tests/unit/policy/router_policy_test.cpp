// Router policies: who gets picked, down nodes, ties, central queueing, stake weights, and the names.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/policy/router_policy.hpp"
#include "tests/unit/allocation_counter.hpp"

using namespace opgsim::policy;
using opgsim::Rng;

namespace {

std::int64_t decide(RouterPolicy& p, const std::vector<NodeView>& nodes, Rng& rng) {
  return p.decide(RouterSnapshot{std::span<const NodeView>(nodes)}, rng);
}

const char* const kAll[] = {"random", "round_robin", "least_outstanding", "power_of_two", "central_queue",
                           "stake_weighted", "power_of_d"};

}  // namespace

TEST_CASE("the registry lists every policy once, in documentation order") {
  std::vector<std::string> names;
  for (const auto& e : router_policies()) {
    names.emplace_back(e.name);
    CHECK(std::string(e.doc).size() > 10);
    CHECK(make_router_policy(e.name) != nullptr);
  }
  CHECK(names == std::vector<std::string>(std::begin(kAll), std::end(kAll)));
  CHECK_THROWS_AS(make_router_policy("fastest"), std::invalid_argument);
}

TEST_CASE("every policy returns kNoNodeUp when all nodes are down or there are none") {
  Rng rng(1);
  const std::vector<NodeView> down(5, NodeView{0, 4, false});
  const std::vector<NodeView> none;
  for (auto t : kAll) {
    CAPTURE(t);
    auto p = make_router_policy(t);
    for (int i = 0; i < 3; ++i) CHECK(decide(*p, down, rng) == kNoNodeUp);
    CHECK(decide(*p, none, rng) == kNoNodeUp);
    CHECK(p->queues_centrally() == (std::string(t) == "central_queue"));
  }
}

TEST_CASE("no policy ever picks a down node") {
  Rng rng(2);
  std::vector<NodeView> nodes(50);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].up = i % 7 == 3;  // mostly down: exercises the fallback scans
    nodes[i].outstanding = static_cast<std::uint32_t>(i % 5);
    nodes[i].slots = 8;
  }
  for (auto t : kAll) {
    CAPTURE(t);
    auto p = make_router_policy(t);
    for (int i = 0; i < 2000; ++i) {
      const auto k = decide(*p, nodes, rng);
      REQUIRE(k >= 0);
      REQUIRE(nodes[static_cast<std::size_t>(k)].up);
    }
  }
}

TEST_CASE("random is uniform over up nodes") {
  Rng rng(3);
  std::vector<NodeView> nodes(10);
  nodes[2].up = nodes[5].up = false;
  auto p = make_router_policy("random");
  std::vector<double> hits(10, 0);
  const int n = 80000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, nodes, rng))] += 1;
  CHECK(hits[2] == 0);
  CHECK(hits[5] == 0);
  const double e = n / 8.0;
  double chi2 = 0;
  for (std::size_t k = 0; k < 10; ++k)
    if (nodes[k].up) chi2 += (hits[k] - e) * (hits[k] - e) / e;
  CHECK(chi2 < 7 + 5 * std::sqrt(14.0));  // 7 degrees of freedom

  // Only one of 1000 nodes up: rejection fails, the scan still finds it.
  std::vector<NodeView> sparse(1000, NodeView{0, 1, false});
  sparse[777].up = true;
  for (int i = 0; i < 20; ++i) CHECK(decide(*p, sparse, rng) == 777);
}

TEST_CASE("round_robin cycles through nodes and skips down ones") {
  Rng rng(4);
  std::vector<NodeView> nodes(4);
  auto p = make_router_policy("round_robin");
  std::vector<std::int64_t> got;
  for (int i = 0; i < 6; ++i) got.push_back(decide(*p, nodes, rng));
  CHECK(got == std::vector<std::int64_t>{0, 1, 2, 3, 0, 1});
  nodes[2].up = false;
  got.clear();
  for (int i = 0; i < 6; ++i) got.push_back(decide(*p, nodes, rng));
  CHECK(got == std::vector<std::int64_t>{3, 0, 1, 3, 0, 1});
  nodes[2].up = true;
  nodes[0].up = false;
  CHECK(decide(*p, nodes, rng) == 2);
  // Round robin ignores load.
  nodes[3].outstanding = 100;
  CHECK(decide(*p, nodes, rng) == 3);
}

TEST_CASE("least_outstanding picks the minimum and ties rotate") {
  Rng rng(5);
  std::vector<NodeView> nodes = {{5, 8, true}, {2, 8, true}, {7, 8, true}, {0, 8, false}, {3, 8, true}};
  auto p = make_router_policy("least_outstanding");
  CHECK(decide(*p, nodes, rng) == 1);  // node 3 has 0 but is down
  nodes[4].outstanding = 1;
  CHECK(decide(*p, nodes, rng) == 4);

  // An idle cluster fed by a router that never sees completions fills evenly.
  std::vector<NodeView> idle(6);
  auto q = make_router_policy("least_outstanding");
  for (int i = 0; i < 60; ++i) ++idle[static_cast<std::size_t>(decide(*q, idle, rng))].outstanding;
  for (const auto& v : idle) CHECK(v.outstanding == 10);
  // Equal load without increments: ties still rotate rather than always hitting node 0.
  std::vector<NodeView> equal(3);
  std::vector<std::int64_t> got;
  for (int i = 0; i < 4; ++i) got.push_back(decide(*q, equal, rng));
  CHECK(got == std::vector<std::int64_t>{0, 1, 2, 0});
}

TEST_CASE("power_of_two never picks the worse of its two") {
  Rng rng(6);
  auto p = make_router_policy("power_of_two");
  // Two nodes up: the pair is always these two, so the less loaded one always wins.
  std::vector<NodeView> two = {{9, 4, true}, {0, 4, false}, {3, 4, true}, {0, 4, false}};
  for (int i = 0; i < 500; ++i) CHECK(decide(*p, two, rng) == 2);
  // Three nodes: the most loaded is the worse in every pair and never wins; the least loaded
  // wins the 2 pairs of 3 it is in.
  std::vector<NodeView> three = {{0, 4, true}, {5, 4, true}, {10, 4, true}};
  std::vector<double> hits(3, 0);
  const int n = 30000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, three, rng))] += 1;
  CHECK(hits[2] == 0);
  const double sd = std::sqrt(n * (2.0 / 3) * (1.0 / 3));
  CHECK(std::abs(hits[0] - n * 2.0 / 3) < 4 * sd);
  // Ties go to the first draw, so equal nodes are picked uniformly.
  std::vector<NodeView> equal(4);
  std::vector<double> eh(4, 0);
  for (int i = 0; i < 40000; ++i) eh[static_cast<std::size_t>(decide(*p, equal, rng))] += 1;
  for (double h : eh) CHECK(std::abs(h - 10000) < 4 * std::sqrt(40000 * 0.25 * 0.75));
  // One node up: it is the answer.
  std::vector<NodeView> one = {{0, 1, false}, {7, 1, true}};
  CHECK(decide(*p, one, rng) == 1);
}

TEST_CASE("central_queue sends to a free slot with the fewest outstanding, else queues") {
  Rng rng(7);
  auto p = make_router_policy("central_queue");
  CHECK(p->queues_centrally());
  std::vector<NodeView> nodes = {{4, 4, true}, {2, 4, true}, {1, 4, false}, {3, 4, true}};
  CHECK(decide(*p, nodes, rng) == 1);
  nodes[1].outstanding = 4;
  CHECK(decide(*p, nodes, rng) == 3);
  nodes[3].outstanding = 4;
  CHECK(decide(*p, nodes, rng) == kQueueCentrally);  // node 2 is free but down
  nodes[0].outstanding = 9;                          // over-full counts as full
  CHECK(decide(*p, nodes, rng) == kQueueCentrally);
  for (auto& v : nodes) v.up = false;
  CHECK(decide(*p, nodes, rng) == kNoNodeUp);
  // Single-server nodes (M/M/c): an idle node gets it.
  std::vector<NodeView> mmc = {{1, 1, true}, {0, 1, true}, {1, 1, true}};
  CHECK(decide(*p, mmc, rng) == 1);
}

namespace {

NodeView weighted(double w, bool up = true) {
  NodeView v;
  v.weight = w;
  v.up = up;
  return v;
}

}  // namespace

TEST_CASE("stake_weighted picks up nodes in proportion to their weight") {
  Rng rng(8);
  auto p = make_router_policy("stake_weighted");
  CHECK_FALSE(p->queues_centrally());
  // Node 2 has weight 0, node 4 is down with the largest weight, node 6 has a negative and node 7 a
  // NaN weight: none of them is ever chosen.
  const std::vector<NodeView> nodes = {weighted(1),  weighted(2),  weighted(0),
                                       weighted(3),  weighted(50, false), weighted(10),
                                       weighted(-5), weighted(std::numeric_limits<double>::quiet_NaN())};
  const double total = 1 + 2 + 3 + 10;
  std::vector<double> hits(nodes.size(), 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, nodes, rng))] += 1;
  CHECK(hits[2] == 0);
  CHECK(hits[4] == 0);
  CHECK(hits[6] == 0);
  CHECK(hits[7] == 0);
  for (std::size_t k : {0u, 1u, 3u, 5u}) {
    CAPTURE(k);
    CHECK(std::abs(hits[k] / n - nodes[k].weight / total) < 0.01);
  }
}

TEST_CASE("stake_weighted with no positive weight up is uniform over up nodes") {
  Rng rng(9);
  auto p = make_router_policy("stake_weighted");
  // The only positive weight is on a down node: the four up nodes share evenly.
  const std::vector<NodeView> nodes = {weighted(0), weighted(7, false), weighted(0), weighted(0), weighted(0)};
  std::vector<double> hits(nodes.size(), 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) hits[static_cast<std::size_t>(decide(*p, nodes, rng))] += 1;
  CHECK(hits[1] == 0);
  for (std::size_t k : {0u, 2u, 3u, 4u}) CHECK(std::abs(hits[k] / n - 0.25) < 0.01);
  // A single positive weight takes everything.
  std::vector<NodeView> one = nodes;
  one[3].weight = 1e-9;
  for (int i = 0; i < 100; ++i) CHECK(decide(*p, one, rng) == 3);
  // A cluster that is all down gives kNoNodeUp.
  const std::vector<NodeView> down(3, weighted(5, false));
  CHECK(decide(*p, down, rng) == kNoNodeUp);
}

TEST_CASE("stake_weighted is deterministic for a seed and does not allocate") {
  std::vector<NodeView> nodes(64);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].up = i % 3 != 0;
    nodes[i].weight = static_cast<double>(i % 5);
  }
  const RouterSnapshot snap{std::span<const NodeView>(nodes)};
  auto p = make_router_policy("stake_weighted");
  auto q = make_router_policy("stake_weighted");
  Rng a(10), b(10);
  std::int64_t sum = 0;
  const long before = opgsim::test::g_allocations.load();
  for (int i = 0; i < 1000; ++i) {
    const auto x = p->decide(snap, a);
    const auto y = q->decide(snap, b);
    REQUIRE(x == y);
    REQUIRE(nodes[static_cast<std::size_t>(x)].up);
    REQUIRE(nodes[static_cast<std::size_t>(x)].weight > 0);
    sum += x;
  }
  CHECK(opgsim::test::g_allocations.load() == before);
  CHECK(sum != 0);
}
