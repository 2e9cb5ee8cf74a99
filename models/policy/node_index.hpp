// An index over a router's node table (models/policy/router_view.hpp keeps it beside the table
// the policy decides on), so that least_outstanding, central_queue, power_of_two, power_of_d and
// random pick in O(log n) instead of scanning every node per request. The key of a node is its
// outstanding count, or absent when the policy may not pick it (down; for central_queue also
// without a free slot). Picks through it equal a scan's picks exactly: ties go by index as the
// scans break them (models/common/min_tree.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/common/min_tree.hpp"
#include "models/policy/router_policy.hpp"

namespace opgsim::policy {

class NodeIndex {
public:
  explicit NodeIndex(IndexKey key) : key_(key) {}

  // Every row at once (O(n)).
  void build(std::span<const NodeView> rows) {
    tree_.reset(rows.size());
    up_.assign(rows.size(), 0);
    up_count_ = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      tree_.set_only(k, key_of(rows[k]));
      up_[k] = rows[k].up ? 1 : 0;
      up_count_ += up_[k];
    }
    tree_.build();
  }
  // Row `node` changed (O(log n)).
  void update(std::uint32_t node, const NodeView& row) {
    tree_.set(node, key_of(row));
    const std::uint8_t up = row.up ? 1 : 0;
    up_count_ = up_count_ - up_[node] + up;
    up_[node] = up;
  }

  const MinTree& tree() const { return tree_; }
  std::uint64_t up_count() const { return up_count_; }

private:
  std::uint64_t key_of(const NodeView& v) const {
    if (!v.up || (key_ == IndexKey::FreeSlot && v.outstanding >= v.slots)) return MinTree::kAbsent;
    return v.outstanding;
  }

  IndexKey key_;
  MinTree tree_;
  std::vector<std::uint8_t> up_;
  std::uint64_t up_count_ = 0;
};

}  // namespace opgsim::policy
