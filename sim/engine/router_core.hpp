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
#include "models/policy/router_policy.hpp"
#include "models/policy/router_view.hpp"
#include "sim/engine/directory.hpp"

namespace opgsim::engine {

struct Request;

// It owns what it routed; the nodes publish what they released and the economy their stakes
// (sim/engine/directory.hpp), and the router hears of each as the directory's listener.
class RouterCore final : public InferenceDirectory::Listener {
public:
  RouterCore(const policy::RouterPolicySpec& policy, const policy::RouterViewSpec& view,
             std::vector<std::uint32_t> node_slots, Rng rng, std::optional<std::uint32_t> central_limit)
      : policy_(policy::make_router_policy(policy)), view_(policy::make_router_view(view)), rng_(rng),
        central_limit_(central_limit) {
    nodes_.resize(node_slots.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) nodes_[i].slots = node_slots[i];
    view_->attach(nodes_);
    if (const auto key = policy_->index_key()) view_->keep_index(*key, nodes_);
  }

  // Node index, policy::kNoNodeUp, or policy::kQueueCentrally, decided on the view at `now`.
  std::int64_t choose(double now) {
    const auto seen = view_->seen(nodes_, now);
    return policy_->decide(policy::RouterSnapshot{seen, view_->index()}, rng_);
  }
  void on_routed(std::uint32_t node) {
    ++nodes_[node].outstanding;
    view_->on_routed(node);
    view_->on_truth_changed(node, nodes_[node]);
  }
  void on_released(std::uint32_t node) override {
    --nodes_[node].outstanding;
    view_->on_truth_changed(node, nodes_[node]);
  }
  void on_stake(std::uint32_t node, double stake) override { set_weight(node, stake); }
  void set_up(std::uint32_t node, bool up) {
    nodes_[node].up = up;
    view_->on_status(node, nodes_[node]);
    view_->on_truth_changed(node, nodes_[node]);
  }
  void set_weight(std::uint32_t node, double weight) {  // stake_weighted
    nodes_[node].weight = weight;
    view_->on_status(node, nodes_[node]);
    view_->on_truth_changed(node, nodes_[node]);
  }

  // Piggyback view: nodes put their true outstanding count on each response (reported_load())
  // and the receiving side hands it back here when the response arrives.
  bool wants_reports() const { return view_->wants_reports(); }
  std::uint32_t reported_load(std::uint32_t node) const { return nodes_[node].outstanding; }
  void on_report(std::uint32_t node, std::uint32_t outstanding) { view_->on_report(node, outstanding); }

  bool queues_centrally() const { return policy_->queues_centrally(); }
  bool central_full() const { return central_limit_ && central_.size() >= *central_limit_; }
  std::deque<Request*>& central() { return central_; }
  std::size_t central_size() const { return central_.size(); }  // requests waiting in the central queue

private:
  std::unique_ptr<policy::RouterPolicy> policy_;
  std::unique_ptr<policy::RouterView> view_;
  std::vector<policy::NodeView> nodes_;  // the truth
  Rng rng_;
  std::optional<std::uint32_t> central_limit_;
  std::deque<Request*> central_;
};

}  // namespace opgsim::engine
