// The directory of published node views: what the other actors and the policies may know about
// a node of a helper role (one serving a service, sim/engine/service.hpp), each field with one
// writer.
//   - the node writes its own entry: whether it is up, and how many pieces of work it has
//     finished or handed back (published as a running count);
//   - whoever sends work to a node counts what it sent (message posting owns that count);
//   - everyone reads: a node's load is what was sent to it minus what it gave back.
// Reads and writes happen in-process at the same simulated instant, so publishing adds no
// simulated time and changes no event order. No actor reaches into another actor's object.
#pragma once

#include <cstdint>
#include <vector>

#include "models/common/min_tree.hpp"

// Only pointers to mailboxes here: the router core (no SimGrid) includes this header too.
namespace simgrid::s4u {
class Mailbox;
}

namespace opgsim::engine {

// One node's published view. `up` and `finished` are written by the node only.
struct NodeEntry {
  simgrid::s4u::Mailbox* mailbox = nullptr;
  int region = 0;                 // region index of the node
  std::uint8_t up = 1;            // 0 while crashed
  std::uint32_t finished = 0;     // pieces of work done or handed back (wraps; only differences count)
};

// The entries of one helper role, and the senders' counts of what went to each node.
class RoleDirectory {
public:
  std::size_t size() const { return entries_.size(); }
  void add(simgrid::s4u::Mailbox* mailbox, int node_region) {
    entries_.push_back({mailbox, node_region, 1, 0});
    sent_.push_back(0);
    if (static_cast<std::size_t>(node_region) >= cut_.size()) cut_.resize(static_cast<std::size_t>(node_region) + 1, 0);
    if (cut_[static_cast<std::size_t>(node_region)] == 0) {
      cut_[static_cast<std::size_t>(node_region)] = 2;  // known region (bit 1), not cut (bit 0)
      regions_.push_back(node_region);
    }
  }
  const NodeEntry& entry(std::uint32_t i) const { return entries_[i]; }
  simgrid::s4u::Mailbox* mailbox(std::uint32_t i) const { return entries_[i].mailbox; }
  int region(std::uint32_t i) const { return entries_[i].region; }
  bool up(std::uint32_t i) const { return entries_[i].up != 0; }
  // Work at node i or on its way there and not yet done.
  std::uint32_t load(std::uint32_t i) const { return sent_[i] - entries_[i].finished; }
  // The load of all its nodes together (the probe's backlog signals; once per window, not per request).
  std::uint64_t total_load() const {
    std::uint64_t sum = 0;
    for (std::uint32_t i = 0; i < size(); ++i) sum += load(i);
    return sum;
  }

  // The node's side: only node i calls these for entry i.
  void publish_up(std::uint32_t i, bool up) {
    entries_[i].up = up ? 1 : 0;
    reindex(i);
  }
  void publish_finished(std::uint32_t i) {
    ++entries_[i].finished;
    reindex(i);
  }

  // The sender's side: one piece of work was sent to node i.
  void on_sent(std::uint32_t i) {
    ++sent_[i];
    reindex(i);
  }

  // The available node (up, and not in a cut region per is_cut(region)) with the least load;
  // ties go to the first at or after the cursor, so equal nodes share work. -1 if none.
  // O(log n) plus one is_cut call per region the role's nodes are in: an index of the loads of
  // the available nodes (built at the first pick, rebuilt when a region is cut or restored).
  template <class IsCut> std::int64_t choose(IsCut&& is_cut) {
    const auto n = static_cast<std::uint32_t>(size());
    if (n == 0) return -1;
    bool changed = index_.size() != n;
    for (const int r : regions_) {
      std::uint8_t& c = cut_[static_cast<std::size_t>(r)];
      const std::uint8_t now = is_cut(r) ? 3 : 2;
      if (c != now) changed = true;
      c = now;
    }
    if (changed) rebuild_index();
    const std::uint64_t least = index_.min();
    if (least == MinTree::kAbsent) return -1;
    std::int64_t best = index_.first_at_most(cursor_, least);
    if (best < 0) best = index_.first_at_most(0, least);
    cursor_ = static_cast<std::uint32_t>(best + 1) % n;
    return best;
  }

private:
  // Node i's key in the index: its load if it can be picked, else absent.
  std::uint64_t key(std::uint32_t i) const {
    const NodeEntry& e = entries_[i];
    if (e.up == 0 || (cut_[static_cast<std::size_t>(e.region)] & 1) != 0) return MinTree::kAbsent;
    return load(i);
  }
  void reindex(std::uint32_t i) {
    if (index_.size() == size()) index_.set(i, key(i));
  }
  void rebuild_index() {
    index_.reset(size());
    for (std::uint32_t i = 0; i < size(); ++i) index_.set_only(i, key(i));
    index_.build();
  }

  std::vector<NodeEntry> entries_;
  std::vector<std::uint32_t> sent_;  // written by the senders (World's message posting)
  std::uint32_t cursor_ = 0;         // where tie-breaking starts: moves past each choice
  std::vector<int> regions_;         // the regions the nodes are in, each once
  std::vector<std::uint8_t> cut_;    // per region: 2 known, 3 known and cut (as of the last pick)
  MinTree index_;                    // built at the first pick
};

// The inference nodes' published views. A node publishes whether it can take requests (up,
// operated, model loaded) and each request it released (finished, rejected, failed, handed on
// to be proven). A node's stake (OPG bonded by its operator) has one writer too: the economy, which
// owns the ledger, publishes it after every change. The router owns what it routed and the
// weights it routes by; it learns of each release and each stake from here, at the same
// instant, through the listener it registered (its own state, updated by itself).
class InferenceDirectory {
public:
  class Listener {
  public:
    virtual ~Listener() = default;
    virtual void on_released(std::uint32_t node) = 0;
    virtual void on_stake(std::uint32_t /*node*/, double /*stake*/) {}
  };
  using ReleaseListener = Listener;

  explicit InferenceDirectory(std::size_t nodes) : available_(nodes, 1), released_(nodes, 0), stake_(nodes, 0.0) {}
  void listen(Listener* listener) { listener_ = listener; }

  std::size_t size() const { return available_.size(); }
  bool available(std::uint32_t i) const { return available_[i] != 0; }
  std::uint64_t released(std::uint32_t i) const { return released_[i]; }
  double stake(std::uint32_t i) const { return stake_[i]; }

  // The node's side: only node i calls these for entry i.
  void publish_available(std::uint32_t i, bool available) { available_[i] = available ? 1 : 0; }
  void publish_released(std::uint32_t i) {
    ++released_[i];
    if (listener_ != nullptr) listener_->on_released(i);
  }
  // The economy's side (the ledger's owner): node i's operator has `stake` OPG bonded.
  void publish_stake(std::uint32_t i, double stake) {
    stake_[i] = stake;
    if (listener_ != nullptr) listener_->on_stake(i, stake);
  }

private:
  std::vector<std::uint8_t> available_;
  std::vector<std::uint64_t> released_;
  std::vector<double> stake_;
  Listener* listener_ = nullptr;
};

}  // namespace opgsim::engine
