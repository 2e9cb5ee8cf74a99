// The router's index (models/policy/node_index.hpp) picks exactly what the scans pick: every
// indexed policy decides on random sequences of loads, crashes and recoveries twice, once
// through the index and once scanning the bare table, from the same random stream; the segment
// tree under it answers as a naive pass over its keys does; a stale view keeps its index in step
// with the table it shows.
#include <doctest/doctest.h>

#include <vector>

#include "models/common/min_tree.hpp"
#include "models/policy/node_index.hpp"
#include "models/policy/router_view.hpp"

using namespace opgsim::policy;
using opgsim::MinTree;
using opgsim::ParamValues;
using opgsim::Rng;

namespace {

// One random change of one node: a request routed or released, a crash or a recovery.
std::uint32_t mutate(std::vector<NodeView>& nodes, Rng& rng, std::uint64_t down_in) {
  const auto k = static_cast<std::uint32_t>(rng.below(nodes.size()));
  NodeView& v = nodes[k];
  switch (rng.below(8)) {
    case 0: v.up = rng.below(down_in) != 0; break;
    case 1: case 2: case 3: if (v.outstanding > 0) --v.outstanding; break;
    default: ++v.outstanding;
  }
  return k;
}

void same_picks(const RouterPolicySpec& spec, std::size_t n, std::uint64_t down_in, std::uint32_t slots) {
  CAPTURE(spec.type);
  CAPTURE(n);
  CAPTURE(down_in);
  auto indexed = make_router_policy(spec);
  auto scanning = make_router_policy(spec);
  REQUIRE(indexed->index_key().has_value());
  std::vector<NodeView> nodes(n);
  for (auto& v : nodes) v.slots = slots;
  NodeIndex index(*indexed->index_key());
  index.build(nodes);
  Rng world(5), a(9), b(9);
  for (int i = 0; i < 4000; ++i) {
    for (int c = 0; c < 3; ++c) {
      const std::uint32_t k = mutate(nodes, world, down_in);
      index.update(k, nodes[k]);
    }
    const std::int64_t got = indexed->decide(RouterSnapshot{nodes, &index}, a);
    const std::int64_t want = scanning->decide(RouterSnapshot{nodes}, b);
    REQUIRE(got == want);
    if (got >= 0) {  // route it, as the router does
      ++nodes[static_cast<std::size_t>(got)].outstanding;
      index.update(static_cast<std::uint32_t>(got), nodes[static_cast<std::size_t>(got)]);
    }
  }
}

}  // namespace

TEST_CASE("the segment tree answers as a naive pass over its keys") {
  Rng rng(3);
  for (std::size_t n : {1u, 2u, 5u, 64u, 100u}) {
    MinTree t;
    t.reset(n);
    std::vector<std::uint64_t> keys(n, MinTree::kAbsent);
    for (int i = 0; i < 3000; ++i) {
      const std::size_t k = rng.below(n);
      keys[k] = rng.below(5) == 0 ? MinTree::kAbsent : rng.below(4);
      t.set(k, keys[k]);
      std::uint64_t least = MinTree::kAbsent, tied = 0, present = 0;
      for (auto key : keys) {
        if (key != MinTree::kAbsent) ++present;
        if (key < least) least = key, tied = 0;
        if (key == least && key != MinTree::kAbsent) ++tied;
      }
      REQUIRE(t.min() == least);
      REQUIRE(t.count_min() == tied);
      REQUIRE(t.present() == present);
      const std::size_t start = rng.below(n);
      std::int64_t first = -1;
      for (std::size_t j = start; j < n && first < 0; ++j)
        if (keys[j] <= least) first = static_cast<std::int64_t>(j);
      REQUIRE(t.first_at_most(start, least) == first);
      if (tied > 0) {
        const std::uint64_t pick = rng.below(tied);
        std::uint64_t seen = 0;
        for (std::size_t j = 0; j < n; ++j)
          if (keys[j] == least && seen++ == pick) REQUIRE(t.nth_min(pick) == j);
      }
      if (present > 0) {
        const std::uint64_t pick = rng.below(present);
        std::uint64_t seen = 0;
        for (std::size_t j = 0; j < n; ++j)
          if (keys[j] != MinTree::kAbsent && seen++ == pick) REQUIRE(t.nth_present(pick) == j);
      }
      std::uint64_t before = 0;
      for (std::size_t j = 0; j < start; ++j) before += keys[j] != MinTree::kAbsent ? 1 : 0;
      REQUIRE(t.present_before(start) == before);
    }
  }
}

TEST_CASE("indexed policies pick exactly what their scans pick, crashes and recoveries included") {
  const std::vector<RouterPolicySpec> specs{
      {"least_outstanding", {}},
      {"central_queue", {}},
      {"power_of_two", {}},
      {"random", {}},
      {"power_of_d", ParamValues().set("d", 1)},
      {"power_of_d", ParamValues().set("d", 3)},
      {"power_of_d", ParamValues().set("d", 6)},
      {"power_of_d", ParamValues().set("d", 200)},
  };
  for (const auto& spec : specs)
    for (std::size_t n : {1u, 2u, 7u, 33u})
      for (std::uint64_t down_in : {2u, 8u})  // half the nodes down (fallbacks) or one in eight
        same_picks(spec, n, down_in, 2);
}

TEST_CASE("a view keeps its index in step with the table it shows") {
  const std::vector<RouterViewSpec> views{
      {"exact", {}},
      {"periodic", ParamValues().set("period_s", 0.5)},
      {"periodic", ParamValues().set("period_s", 0.5).set("count_dispatches", 0)},
      {"piggyback", {}},
  };
  for (const auto& spec : views) {
    CAPTURE(spec.type);
    std::vector<NodeView> truth(9);
    auto view = make_router_view(spec);
    view->attach(truth);
    view->keep_index(IndexKey::Outstanding, truth);
    auto indexed = make_router_policy("least_outstanding");
    auto scanning = make_router_policy("least_outstanding");
    Rng world(7), a(1), b(1);
    for (int i = 0; i < 3000; ++i) {
      const std::uint32_t k = mutate(truth, world, 3);
      view->on_status(k, truth[k]);
      view->on_truth_changed(k, truth[k]);
      if (world.below(3) == 0) view->on_report(k, truth[k].outstanding);
      const auto seen = view->seen(truth, i * 0.1);
      const std::int64_t got = indexed->decide(RouterSnapshot{seen, view->index()}, a);
      REQUIRE(got == scanning->decide(RouterSnapshot{seen}, b));
      if (got >= 0) {
        ++truth[static_cast<std::size_t>(got)].outstanding;
        view->on_routed(static_cast<std::uint32_t>(got));
        view->on_truth_changed(static_cast<std::uint32_t>(got), truth[static_cast<std::size_t>(got)]);
      }
    }
  }
}
