// The rotating least-outstanding pick (see node_picks.hpp): the scan is O(n) at worst and stops
// early at an idle node; the pick through an index is O(log n). Neither allocates.
#include "models/policy/node_picks.hpp"

namespace opgsim::policy {

MinOutstandingScan::Result MinOutstandingScan::scan(Nodes nodes, bool need_free_slot) {
  const std::size_t n = nodes.size();
  Result r;
  std::uint32_t best = 0;
  // Two plain loops instead of one with (start + i) % n: the division per node was the
  // router's main cost at 1,000 nodes. A node with nothing outstanding cannot be beaten, so
  // the scan stops at the first one (the same node the full scan would keep).
  auto visit = [&](std::size_t k) {
    const NodeView& v = nodes[k];
    if (!v.up) return false;
    r.any_up = true;
    if (need_free_slot && v.outstanding >= v.slots) return false;
    if (r.node == kNoNodeUp || v.outstanding < best) {
      r.node = static_cast<std::int64_t>(k);
      best = v.outstanding;
    }
    return best == 0;
  };
  const std::size_t start = start_ < n ? start_ : 0;
  bool done = false;
  for (std::size_t k = start; k < n && !done; ++k) done = visit(k);
  for (std::size_t k = 0; k < start && !done; ++k) done = visit(k);
  if (r.node != kNoNodeUp) start_ = (static_cast<std::size_t>(r.node) + 1) % n;
  return r;
}

}  // namespace opgsim::policy

namespace opgsim::policy {

// The first node holding the least key in cyclic order from the start: what scan() keeps.
MinOutstandingScan::Result MinOutstandingScan::pick(const NodeIndex& index, std::size_t n) {
  Result r;
  r.any_up = index.up_count() > 0;
  const MinTree& t = index.tree();
  const std::uint64_t least = t.min();
  if (least == MinTree::kAbsent) return r;
  const std::size_t start = start_ < n ? start_ : 0;
  std::int64_t k = t.first_at_most(start, least);
  if (k < 0) k = t.first_at_most(0, least);
  r.node = k;
  start_ = (static_cast<std::size_t>(k) + 1) % n;
  return r;
}

}  // namespace opgsim::policy
