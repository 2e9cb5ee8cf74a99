// The inference role: one actor per node. It receives routed requests, has a data node fetch the
// outside data of those whose class needs it, lets its serving front end spend
// request_overhead_s on each (HTTP, chat template, tokenization: no GPU time), keeps them in a
// FIFO until the service model can admit them (rejecting past the queue limit, dropping those
// whose client already gave up), lets the model run them, produces the proof or attestation its
// class's verification mode asks for (models/proof: a node serving a tee class runs all its work
// in confidential-computing mode, tee.inference_slowdown times slower, and signs each result;
// zkml and zk_crv proofs take one of the node's provers_per_node provers, FIFO), sends each result back
// to its client and starts its background stages (storage, verification, settlement). With a
// cold start it loads its model from a storage node first, and again after every recovery.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <memory>
#include <vector>

#include "models/faults/fault_timeline.hpp"
#include "models/service/core_pool.hpp"
#include "models/service/service_model.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class InferenceNode {
public:
  InferenceNode(World& world, std::uint32_t index, std::unique_ptr<service::ServiceModel> model,
                double front_end_s, faults::FaultTimeline faults);
  void operator()();  // the actor's body

  // Requests at the node that have not started: in the front end or waiting for the model.
  std::size_t waiting() const { return front_end_.size() + waiting_.size(); }
  // Faults (applied by the node's own loop from its fault timeline, at the fault's time): a
  // crash fails every request on the node, in the front end, waiting, running or being proven,
  // and the node refuses new ones (failed) until it recovers; the router stops choosing it
  // meanwhile.
  void crash(double now);
  void recover();
  bool up() const { return up_; }
  bool loaded() const { return loaded_; }
  // Economy: whether the node's operator is in the network. An inactive node serves nothing.
  // Its operator's joins and leaves arrive as ControlMessages.
  bool active() const { return active_; }
  void set_active(bool active, double now);
  void start_inactive();  // before the run: an operator that has not joined yet
  // Up, operated and with its model: it can take requests (reachability aside).
  bool serving() const { return up_ && active_; }
  bool available() const { return up_ && active_ && loaded_; }
  // Slow node: work started from now on takes `factor` times longer (1: normal speed).
  void set_slowdown(double factor, double now);
  // Malicious node: each result it returns is wrong with probability p (0: honest).
  void set_malicious(double p) { malicious_p_ = p; }
  int region() const;
  double busy_integral(double now) const { return model_->busy_integral(now); }
  double occupancy() const { return model_->occupancy(); }
  double batch_fill() const { return model_->batch_fill(); }
  double token_budget_fill() const { return model_->token_budget_fill(); }
  std::uint64_t preemptions() const { return model_->preemptions(); }

private:
  void accept(Request* r, double now);
  void publish();
  void on_message(Message* m, double now);
  void enter_front_end(Request* r, double now);
  void ask_for_model();
  void stop_serving(double now);
  double next_wake() const;
  void leave_front_end(double now);
  void run_model(double now);
  bool admit_waiting(double now);
  void on_done(Request* r);
  void send_result(Request* r);
  void report_load(Request* r) const;  // router.view piggyback: this node's load rides on the response
  void hand_off_to_prover(Request* r);
  void release(Request* r);
  void pull_from_central_queue();
  void release_proven(double now);
  void finish_proof(Request* r, double ready);

  World& world_;
  std::uint32_t index_;
  std::unique_ptr<service::ServiceModel> model_;
  double front_end_s_;
  // In the front end, with the time each is done there (FIFO: the delay is the same for all).
  std::deque<std::pair<double, Request*>> front_end_;
  std::deque<Request*> waiting_;
  // Done requests whose attestation is being signed (a delay, no capacity): (ready time,
  // order, request), earliest first.
  struct Signing {
    double ready;
    std::uint64_t order;
    Request* request;
    bool operator>(const Signing& o) const { return ready != o.ready ? ready > o.ready : order > o.order; }
  };
  std::priority_queue<Signing, std::vector<Signing>, std::greater<>> signing_;
  std::uint64_t signing_order_ = 0;
  service::CorePool provers_;           // zkml / zk_crv proofs, one per prover
  std::vector<std::uint32_t> proven_;
  double tee_slowdown_ = 1;             // confidential-computing mode when it serves a tee class
  std::vector<service::ServiceEvent> events_;
  PullMessage pull_;
  LoadMessage load_;
  bool up_ = true;
  bool loaded_ = true;
  bool active_ = true;
  bool load_pending_ = false;
  double malicious_p_ = 0;
  Rng malicious_rng_;
  faults::FaultTimeline faults_;  // this node's own crashes, recoveries, slow and malicious spells
  std::vector<std::uint32_t> aborted_;
};

}  // namespace opgsim::engine
