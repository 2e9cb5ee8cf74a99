// Routing policies (scenario `router.policy`): which inference node gets a request.
//
// A policy is a pure decision over a read-only snapshot of node state, in the WRENCH style:
// `decide(snapshot, rng) -> node index`. The router applies the decision; the policy never
// mutates anything but its own cursor (round_robin) and the rng it is handed. No SimGrid.
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
#include <string_view>

#include "models/common/enum_names.hpp"
#include "models/common/rng.hpp"

namespace opgsim::policy {

struct NodeView {
  std::uint32_t outstanding = 0;  // requests routed to the node and not yet finished there
  std::uint32_t slots = 1;        // requests the node can serve at once (batch size / servers)
  bool up = true;                 // down nodes are never chosen
  double weight = 1;              // stake_weighted: relative share (the engine sets the operator's stake)
};

struct RouterSnapshot {
  std::span<const NodeView> nodes;
};

// random: uniform among up nodes. round_robin: cycles through node indices, skipping down nodes.
// least_outstanding: fewest outstanding requests; ties go to the first tied node at or after a
// start index that moves past each chosen node, so equal nodes share load evenly.
// power_of_two: two distinct random up nodes, the one with fewer outstanding (tie: the first
// drawn). central_queue: among up nodes with outstanding < slots, the fewest outstanding (ties as
// least_outstanding), else kQueueCentrally. stake_weighted: an up node with probability
// proportional to its weight (weight 0, negative or NaN: never); uniform among up nodes when no
// up node has a positive weight.
enum class RouterPolicyType { Random, RoundRobin, LeastOutstanding, PowerOfTwo, CentralQueue, StakeWeighted };
inline constexpr EnumNames<RouterPolicyType, 6> kRouterPolicyNames{{{RouterPolicyType::Random, "random"},
                                                                    {RouterPolicyType::RoundRobin, "round_robin"},
                                                                    {RouterPolicyType::LeastOutstanding, "least_outstanding"},
                                                                    {RouterPolicyType::PowerOfTwo, "power_of_two"},
                                                                    {RouterPolicyType::CentralQueue, "central_queue"},
                                                                    {RouterPolicyType::StakeWeighted, "stake_weighted"}}};

constexpr std::int64_t kNoNodeUp = -1;
constexpr std::int64_t kQueueCentrally = -2;

class RouterPolicy {
public:
  virtual ~RouterPolicy() = default;
  // Index of the chosen node, kNoNodeUp if no node is up, or kQueueCentrally (central_queue only).
  virtual std::int64_t decide(const RouterSnapshot& snapshot, Rng& rng) = 0;
  // True when requests wait at the router and nodes pull (central_queue).
  virtual bool queues_centrally() const { return false; }
};

std::unique_ptr<RouterPolicy> make_router_policy(RouterPolicyType type);
// The scenario names: random, round_robin, least_outstanding, power_of_two, central_queue,
// stake_weighted.
const char* to_string(RouterPolicyType type);
// The inverse of to_string; nullopt for an unknown name.
std::optional<RouterPolicyType> router_policy_from_string(std::string_view name);

}  // namespace opgsim::policy
