// Router views (scenario `router.view`): the load of each node as the router believes it, which
// is what the routing policy decides on.
//
// The router core keeps the truth (requests routed to each node and not yet finished there,
// slots, up/down, stake weight) and a view. The exact view is the truth itself (a router that
// learns every completion the instant it happens: the idealization opgsim always had). The
// stale views keep their own copy of the outstanding counts and refresh it from what the router
// can actually know: the truth every period_s (periodic), or the count a node put on its last
// response (piggyback). Up/down and weights are mirrored into every view at once: the router
// learns of crashes, recoveries and stake changes immediately, only the load is stale.
//
// A view also keeps, when the policy asks for one (RouterPolicy::index_key), the index of the
// table it shows (models/policy/node_index.hpp), updated with every change of that table.
//
// Pure C++ (no SimGrid). Like the policies, each view is one file, models/policy/<name>_view.cpp,
// plus one line in router_view_registry.cpp. Nothing here allocates per request.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "models/common/registry.hpp"
#include "models/policy/node_index.hpp"
#include "models/policy/router_policy.hpp"

namespace opgsim::policy {

class RouterView {
public:
  virtual ~RouterView() = default;
  // Called once with the router's truth table, before any decision.
  virtual void attach(std::span<const NodeView> truth) { (void)truth; }
  // The table the policy decides on at time `now` (brought up to date first where due).
  virtual std::span<const NodeView> seen(std::span<const NodeView> truth, double now) = 0;
  // The router sent a request to `node`.
  virtual void on_routed(std::uint32_t node) { (void)node; }
  // `node` reported, on a response, that it had `outstanding` requests when it sent it.
  virtual void on_report(std::uint32_t node, std::uint32_t outstanding) { (void)node, (void)outstanding; }
  // The truth row of `node` changed its up flag or weight: views mirror it at once.
  virtual void on_status(std::uint32_t node, const NodeView& truth) { (void)node, (void)truth; }
  // True when nodes must put their load on responses (piggyback).
  virtual bool wants_reports() const { return false; }
  // The router changed row `node` of the truth (routed, released, up, weight).
  virtual void on_truth_changed(std::uint32_t node, const NodeView& truth) { (void)node, (void)truth; }

  // Keep an index by `key` of the table seen() shows (built from it now), after attach().
  virtual void keep_index(IndexKey key, std::span<const NodeView> truth) {
    index_.emplace(key);
    index_->build(truth);
  }
  const NodeIndex* index() const { return index_ ? &*index_ : nullptr; }

protected:
  void reindex(std::uint32_t node, const NodeView& row) {
    if (index_) index_->update(node, row);
  }
  std::optional<NodeIndex> index_;
};

// `router.view` once loaded: {"type": ..., ...params}.
using RouterViewSpec = TypedSpec;

// Every view, in documentation order (see router_view_registry.cpp).
const Registry<RouterView>& router_views();

// Throws std::invalid_argument for an unknown type or parameter, as make_router_policy.
std::unique_ptr<RouterView> make_router_view(const RouterViewSpec& spec);

// A view with its own copy of the table: outstanding counts change only through refresh()
// (its subclass decides when) and, if count_dispatches, through the router's own dispatches,
// which a real gateway knows because it sent them. Without count_dispatches the router forgets
// its own sends until the next refresh: the picture of many independent routers (client-side
// routing, several gateways) of which each sends only a small share of the traffic.
class StaleView : public RouterView {
public:
  explicit StaleView(bool count_dispatches) : count_dispatches_(count_dispatches) {}
  void attach(std::span<const NodeView> truth) override { seen_.assign(truth.begin(), truth.end()); }
  void on_routed(std::uint32_t node) override {
    if (count_dispatches_) {
      ++seen_[node].outstanding;
      reindex(node, seen_[node]);
    }
  }
  void on_status(std::uint32_t node, const NodeView& truth) override {
    seen_[node].up = truth.up;
    seen_[node].weight = truth.weight;
    reindex(node, seen_[node]);
  }
  void keep_index(IndexKey key, std::span<const NodeView>) override {
    index_.emplace(key);
    index_->build(seen_);
  }

protected:
  void set_outstanding(std::uint32_t node, std::uint32_t outstanding) {
    seen_[node].outstanding = outstanding;
    reindex(node, seen_[node]);
  }
  // Every node's outstanding count from the truth at once (O(n)).
  void refresh_all(std::span<const NodeView> truth) {
    for (std::size_t k = 0; k < truth.size(); ++k) seen_[k].outstanding = truth[k].outstanding;
    if (index_) index_->build(seen_);
  }
  std::span<const NodeView> table() const { return seen_; }

private:
  bool count_dispatches_;
  std::vector<NodeView> seen_;
};

}  // namespace opgsim::policy
