// Building blocks that several routing policies share: a uniform draw among up nodes and the
// rotating least-outstanding pick. Allocation-free; see node_picks.cpp for their costs. Given the
// router's index (RouterSnapshot::index, models/policy/node_index.hpp) each finds in O(log n)
// what its scan finds, from the same random draws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "models/common/rng.hpp"
#include "models/policy/node_index.hpp"
#include "models/policy/router_policy.hpp"

namespace opgsim::policy {

using Nodes = std::span<const NodeView>;

// Rejection tries before scanning: with half the nodes down, 8 tries all fail 0.4% of the time.
constexpr int kTries = 8;

// A node drawn uniformly among up nodes for which excluded(k) is false, or kNoNodeUp. O(1)
// expected while most nodes are eligible (bounded rejection sampling, then an exact scan as
// fallback, so the result is uniform over eligible nodes either way).
// With an index (keyed by Outstanding, so present = up), the exact fallback counts and finds
// the eligible node in O(log n + e), e = excluded up nodes, listed in `excluded_up` in index order.
template <class Excluded>
std::int64_t random_up_if(Nodes nodes, Rng& rng, Excluded excluded, const NodeIndex* index = nullptr,
                          std::span<const std::int64_t> excluded_up = {}) {
  const std::size_t n = nodes.size();
  if (n == 0) return kNoNodeUp;
  for (int i = 0; i < kTries; ++i) {
    const auto k = static_cast<std::int64_t>(rng.below(n));
    if (!excluded(k) && nodes[static_cast<std::size_t>(k)].up) return k;
  }
  if (index != nullptr) {
    const MinTree& t = index->tree();
    const std::uint64_t eligible = t.present() - excluded_up.size();
    if (eligible == 0) return kNoNodeUp;
    // The pick-th up node not excluded: skip over each excluded one ranked at or before it.
    std::uint64_t rank = rng.below(eligible);
    for (const std::int64_t e : excluded_up) {
      if (t.present_before(static_cast<std::size_t>(e)) > rank) break;
      ++rank;
    }
    return static_cast<std::int64_t>(t.nth_present(rank));
  }
  std::uint64_t eligible = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (nodes[k].up && !excluded(static_cast<std::int64_t>(k))) ++eligible;
  if (eligible == 0) return kNoNodeUp;
  std::uint64_t pick = rng.below(eligible);
  for (std::size_t k = 0; k < n; ++k) {
    if (!nodes[k].up || excluded(static_cast<std::int64_t>(k))) continue;
    if (pick-- == 0) return static_cast<std::int64_t>(k);
  }
  return kNoNodeUp;  // unreachable
}

// A node drawn uniformly among up nodes other than `exclude` (-1: none), or kNoNodeUp.
inline std::int64_t random_up(Nodes nodes, Rng& rng, std::int64_t exclude, const NodeIndex* index = nullptr) {
  std::int64_t excluded[1] = {exclude};
  const bool excluded_is_up = exclude >= 0 && nodes[static_cast<std::size_t>(exclude)].up;
  return random_up_if(
      nodes, rng, [exclude](std::int64_t k) { return k == exclude; }, index,
      std::span<const std::int64_t>(excluded, excluded_is_up ? 1 : 0));
}

// Scans all up nodes from a rotating start and keeps the first one with the fewest outstanding
// requests (optionally only nodes with a free slot). Rotating the start, instead of always
// preferring the lowest index, spreads ties evenly: an idle cluster is filled round-robin and
// low-index nodes are not busier than the others.
class MinOutstandingScan {
public:
  struct Result {
    std::int64_t node = kNoNodeUp;
    bool any_up = false;
  };
  Result scan(Nodes nodes, bool need_free_slot);
  // The same pick through an index keyed by Outstanding (need_free_slot false) or FreeSlot (true).
  Result pick(const NodeIndex& index, std::size_t n);
  Result pick(const RouterSnapshot& s, bool need_free_slot) {
    return s.index != nullptr ? pick(*s.index, s.nodes.size()) : scan(s.nodes, need_free_slot);
  }

private:
  std::size_t start_ = 0;
};

}  // namespace opgsim::policy
