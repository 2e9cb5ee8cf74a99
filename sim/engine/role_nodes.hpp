// The nodes of one helper role (verifier, data, storage) as the other roles see them: where to
// send work, whether each node is up, and how much work is at or on its way to it. The roles'
// actors keep it current; choose() is the join-the-shortest-queue pick the data and storage
// roles use (verifiers have their own policies, models/policy/verifier_assignment.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include <simgrid/s4u.hpp>

namespace opgsim::engine {

struct RoleNodes {
  std::vector<simgrid::s4u::Mailbox*> mailboxes;
  std::vector<int> region;               // region index of each node
  std::vector<std::uint8_t> up;          // 0 while crashed
  std::vector<std::uint32_t> load;       // work at the node or sent to it and not yet done
  std::uint32_t cursor = 0;              // where tie-breaking starts: moves past each choice

  std::size_t size() const { return mailboxes.size(); }
  void add(simgrid::s4u::Mailbox* mailbox, int node_region) {
    mailboxes.push_back(mailbox);
    region.push_back(node_region);
    up.push_back(1);
    load.push_back(0);
  }
  // The available node (up, and not in a cut region per is_cut(region)) with the least load;
  // ties go to the first at or after the cursor, so equal nodes share work. -1 if none.
  template <class IsCut> std::int64_t choose(IsCut&& is_cut) {
    const auto n = static_cast<std::uint32_t>(size());
    std::int64_t best = -1;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint32_t i = (cursor + k) % n;
      if (up[i] == 0 || is_cut(region[i])) continue;
      if (best < 0 || load[i] < load[static_cast<std::size_t>(best)]) best = i;
    }
    if (best >= 0) cursor = static_cast<std::uint32_t>(best + 1) % n;
    return best;
  }
};

}  // namespace opgsim::engine
