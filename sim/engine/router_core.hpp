// The router's state and decisions, shared by both placements: a gateway router actor, or
// client-side routing inside every client (as OpenGradient's SDK picks a TEE node from the
// registry). It keeps the truth about each node (requests routed and not yet finished, slots,
// up/down, weight), the view the policy decides on (router.view: the truth itself, or a stale
// copy refreshed periodically or by the nodes' piggybacked reports; models/policy/router_view.hpp)
// and the central FIFO of central_queue. No SimGrid here either: actors call it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "models/common/rng.hpp"
#include "models/policy/model_groups.hpp"
#include "models/policy/router_policy.hpp"
#include "models/policy/router_view.hpp"
#include "sim/engine/directory.hpp"

namespace opgsim::engine {

struct Request;

// It owns what it routed; the nodes publish what they released and the economy their stakes
// (sim/engine/directory.hpp), and the router hears of each as the directory's listener.
class RouterCore final : public InferenceDirectory::Listener {
public:
  // groups: the candidate set of each request class (models/policy/model_groups.hpp), built once;
  // each set has its own policy, view and index over its own nodes, so a decision never looks at
  // a node that cannot serve the class. Without pools there is one set holding every node.
  RouterCore(const policy::RouterPolicySpec& policy, const policy::RouterViewSpec& view,
             std::vector<std::uint32_t> node_slots, Rng rng, std::optional<std::uint32_t> central_limit,
             const policy::ModelGroups& groups)
      : rng_(rng), central_limit_(central_limit), class_group_(groups.class_group) {
    memberships_.resize(node_slots.size());
    for (std::uint32_t g = 0; g < groups.members.size(); ++g) {
      auto group = std::make_unique<Group>();
      group->policy = policy::make_router_policy(policy);
      group->view = policy::make_router_view(view);
      group->global = groups.members[g];
      group->nodes.resize(group->global.size());
      for (std::uint32_t k = 0; k < group->global.size(); ++k) {
        group->nodes[k].slots = node_slots[group->global[k]];
        memberships_[group->global[k]].push_back({g, k});
      }
      group->view->attach(group->nodes);
      if (const auto key = group->policy->index_key()) group->view->keep_index(*key, group->nodes);
      groups_.push_back(std::move(group));
    }
  }

  // Node index, policy::kNoNodeUp, or policy::kQueueCentrally, decided on the view at `now`
  // among the nodes that serve class `class_index`.
  std::int64_t choose(double now, std::uint32_t class_index) {
    Group& g = *groups_[class_group_[class_index]];
    const auto seen = g.view->seen(g.nodes, now);
    const std::int64_t k = g.policy->decide(policy::RouterSnapshot{seen, g.view->index()}, rng_);
    return k < 0 ? k : static_cast<std::int64_t>(g.global[static_cast<std::size_t>(k)]);
  }
  void on_routed(std::uint32_t node) {
    for (const auto [g, k] : memberships_[node]) {
      Group& group = *groups_[g];
      ++group.nodes[k].outstanding;
      group.view->on_routed(k);
      group.view->on_truth_changed(k, group.nodes[k]);
    }
  }
  void on_released(std::uint32_t node) override {
    for (const auto [g, k] : memberships_[node]) {
      Group& group = *groups_[g];
      --group.nodes[k].outstanding;
      group.view->on_truth_changed(k, group.nodes[k]);
    }
  }
  void on_stake(std::uint32_t node, double stake) override { set_weight(node, stake); }
  void set_up(std::uint32_t node, bool up) {
    for (const auto [g, k] : memberships_[node]) {
      Group& group = *groups_[g];
      group.nodes[k].up = up;
      group.view->on_status(k, group.nodes[k]);
      group.view->on_truth_changed(k, group.nodes[k]);
    }
  }
  void set_weight(std::uint32_t node, double weight) {  // stake_weighted
    for (const auto [g, k] : memberships_[node]) {
      Group& group = *groups_[g];
      group.nodes[k].weight = weight;
      group.view->on_status(k, group.nodes[k]);
      group.view->on_truth_changed(k, group.nodes[k]);
    }
  }

  // Piggyback view: nodes put their true outstanding count on each response (reported_load())
  // and the receiving side hands it back here when the response arrives.
  bool wants_reports() const { return groups_.front()->view->wants_reports(); }
  std::uint32_t reported_load(std::uint32_t node) const {
    const Membership m = memberships_[node].front();
    return groups_[m.group]->nodes[m.local].outstanding;
  }
  void on_report(std::uint32_t node, std::uint32_t outstanding) {
    for (const auto [g, k] : memberships_[node]) groups_[g]->view->on_report(k, outstanding);
  }

  bool queues_centrally() const { return groups_.front()->policy->queues_centrally(); }
  bool central_full() const { return central_limit_ && central_.size() >= *central_limit_; }
  std::deque<Request*>& central() { return central_; }
  std::size_t central_size() const { return central_.size(); }  // requests waiting in the central queue

private:
  struct Group {
    std::unique_ptr<policy::RouterPolicy> policy;
    std::unique_ptr<policy::RouterView> view;
    std::vector<policy::NodeView> nodes;  // the truth about this group's nodes
    std::vector<std::uint32_t> global;    // local index -> node index
  };
  struct Membership {
    std::uint32_t group, local;
  };
  std::vector<std::unique_ptr<Group>> groups_;
  // Per node, the groups it belongs to (one without pools; with pools, its model's group and the
  // every-node group when a class names no model). A node's outstanding count is kept in each.
  std::vector<std::vector<Membership>> memberships_;
  Rng rng_;
  std::optional<std::uint32_t> central_limit_;
  std::vector<std::uint32_t> class_group_;
  std::deque<Request*> central_;
};

}  // namespace opgsim::engine
