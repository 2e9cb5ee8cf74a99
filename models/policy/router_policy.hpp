// Routing policies (scenario `router.policy`): which inference node gets a request.
//
// A policy is a pure decision over a read-only snapshot of node state, in the WRENCH style:
// `decide(snapshot, rng) -> node index`. The router applies the decision; the policy never
// mutates anything but its own cursor (round_robin) and the rng it is handed. No SimGrid.
//
// Each policy is one file, models/policy/<name>.cpp, holding its class and its factory; the
// registry (router_policy_registry.cpp) has one line per policy with its name, one-line doc,
// parameter declarations and factory. The scenario schema, the loader and the docs read the
// registry, so adding a policy touches nothing else.
//
// central_queue is different in kind: requests wait in one FIFO at the router and idle nodes
// pull from it (M/M/c). Its decide() only picks among nodes that have a free slot, and returns
// kQueueCentrally when none has one.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "models/common/registry.hpp"
#include "models/common/rng.hpp"

namespace opgsim::policy {

struct NodeView {
  std::uint32_t outstanding = 0;  // requests routed to the node and not yet finished there
  std::uint32_t slots = 1;        // requests the node can serve at once (batch size / servers)
  bool up = true;                 // down nodes are never chosen
  double weight = 1;              // stake_weighted: relative share (the engine sets the operator's stake)
};

class NodeIndex;  // models/policy/node_index.hpp

// What a policy's index keys each node by (RouterPolicy::index_key): its outstanding count when up,
// or, for FreeSlot, when up with a free slot.
enum class IndexKey { Outstanding, FreeSlot };

struct RouterSnapshot {
  std::span<const NodeView> nodes;
  // The index of `nodes` by the policy's index_key(), kept by the router (nullptr: none, as in
  // tests that hand a bare table; a policy then scans and picks the same nodes).
  const NodeIndex* index = nullptr;
};

constexpr std::int64_t kNoNodeUp = -1;
constexpr std::int64_t kQueueCentrally = -2;

class RouterPolicy {
public:
  virtual ~RouterPolicy() = default;
  // Index of the chosen node, kNoNodeUp if no node is up, or kQueueCentrally (central_queue only).
  virtual std::int64_t decide(const RouterSnapshot& snapshot, Rng& rng) = 0;
  // True when requests wait at the router and nodes pull (central_queue).
  virtual bool queues_centrally() const { return false; }
  // The index the policy picks through instead of scanning (none by default).
  virtual std::optional<IndexKey> index_key() const { return std::nullopt; }
};

// `router.policy` once loaded: {"type": ..., ...params}.
using RouterPolicySpec = TypedSpec;

// Every policy, in documentation order (see router_policy_registry.cpp).
const Registry<RouterPolicy>& router_policies();

// The policy `spec` names, its missing parameters defaulted. Throws std::invalid_argument for an
// unknown type or parameter (the scenario loader refuses both earlier, with the file and path).
std::unique_ptr<RouterPolicy> make_router_policy(const RouterPolicySpec& spec);
inline std::unique_ptr<RouterPolicy> make_router_policy(std::string type) {
  return make_router_policy(RouterPolicySpec{std::move(type), {}});
}

}  // namespace opgsim::policy
