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
  void publish_up(std::uint32_t i, bool up) { entries_[i].up = up ? 1 : 0; }
  void publish_finished(std::uint32_t i) { ++entries_[i].finished; }

  // The sender's side: one piece of work was sent to node i.
  void on_sent(std::uint32_t i) { ++sent_[i]; }

  // The available node (up, and not in a cut region per is_cut(region)) with the least load;
  // ties go to the first at or after the cursor, so equal nodes share work. -1 if none.
  template <class IsCut> std::int64_t choose(IsCut&& is_cut) {
    const auto n = static_cast<std::uint32_t>(size());
    std::int64_t best = -1;
    std::uint32_t best_load = 0;
    for (std::uint32_t k = 0; k < n; ++k) {
      const std::uint32_t i = (cursor_ + k) % n;
      if (entries_[i].up == 0 || is_cut(entries_[i].region)) continue;
      const std::uint32_t l = load(i);
      if (best < 0 || l < best_load) {
        best = i;
        best_load = l;
      }
    }
    if (best >= 0) cursor_ = static_cast<std::uint32_t>(best + 1) % n;
    return best;
  }

private:
  std::vector<NodeEntry> entries_;
  std::vector<std::uint32_t> sent_;  // written by the senders (World's message posting)
  std::uint32_t cursor_ = 0;         // where tie-breaking starts: moves past each choice
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
