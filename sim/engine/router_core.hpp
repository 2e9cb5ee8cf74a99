// The router's state and decisions, shared by both placements: a gateway router actor, or
// client-side routing inside every client (as OpenGradient's SDK picks a TEE node from the
// registry). It keeps the per-node view the policy decides on (requests routed and not yet
// finished, slots, up/down) and the central FIFO of central_queue. The view is exact and fresh:
// nodes report a finished request the moment it leaves them (an idealization documented in
// scenarios/README.md). No SimGrid here either: actors call it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "models/common/rng.hpp"
#include "models/policy/router_policy.hpp"

namespace opgsim::engine {

struct Request;

class RouterCore {
public:
  RouterCore(policy::RouterPolicyType type, std::vector<std::uint32_t> node_slots, Rng rng,
             std::optional<std::uint32_t> central_limit)
      : policy_(policy::make_router_policy(type)), rng_(rng), central_limit_(central_limit) {
    nodes_.resize(node_slots.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) nodes_[i].slots = node_slots[i];
  }

  // Node index, policy::kNoNodeUp, or policy::kQueueCentrally.
  std::int64_t choose() { return policy_->decide(policy::RouterSnapshot{nodes_}, rng_); }
  void on_routed(std::uint32_t node) { ++nodes_[node].outstanding; }
  void on_released(std::uint32_t node) { --nodes_[node].outstanding; }
  void set_up(std::uint32_t node, bool up) { nodes_[node].up = up; }
  void set_weight(std::uint32_t node, double weight) { nodes_[node].weight = weight; }  // stake_weighted

  bool queues_centrally() const { return policy_->queues_centrally(); }
  bool central_full() const { return central_limit_ && central_.size() >= *central_limit_; }
  std::deque<Request*>& central() { return central_; }

private:
  std::unique_ptr<policy::RouterPolicy> policy_;
  std::vector<policy::NodeView> nodes_;
  Rng rng_;
  std::optional<std::uint32_t> central_limit_;
  std::deque<Request*> central_;
};

}  // namespace opgsim::engine
