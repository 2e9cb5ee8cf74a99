// The inference role: one actor per node. It receives routed requests, lets its serving front
// end spend request_overhead_s on each (HTTP, chat template, tokenization: no GPU time), keeps
// them in a FIFO until the service model can admit them (rejecting past the queue limit,
// dropping those whose client already gave up), lets the model run them, produces the proof or
// attestation its class's verification mode asks for (a delay on the node, models/proof), and
// sends each result back to its client.
#pragma once

#include <cstdint>
#include <deque>
#include <queue>
#include <memory>
#include <vector>

#include "models/service/service_model.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class InferenceNode {
public:
  InferenceNode(World& world, std::uint32_t index, std::unique_ptr<service::ServiceModel> model,
                double front_end_s);
  void operator()();  // the actor's body

  // Requests at the node that have not started: in the front end or waiting for the model.
  std::size_t waiting() const { return front_end_.size() + waiting_.size(); }
  // Faults (called by the fault injector at the fault's time): a crash fails every request on
  // the node, in the front end, waiting, running or being proven, and the node refuses new ones
  // (failed) until it recovers; the router stops choosing it meanwhile.
  void crash(double now);
  void recover();
  bool up() const { return up_; }
  double busy_integral(double now) const { return model_->busy_integral(now); }
  double occupancy() const { return model_->occupancy(); }
  std::uint64_t preemptions() const { return model_->preemptions(); }

private:
  void accept(Request* r, double now);
  double next_wake() const;
  void leave_front_end(double now);
  void run_model(double now);
  bool admit_waiting(double now);
  void on_done(Request* r);
  void send_result(Request* r);
  void release_proven(double now);

  World& world_;
  std::uint32_t index_;
  std::unique_ptr<service::ServiceModel> model_;
  double front_end_s_;
  // In the front end, with the time each is done there (FIFO: the delay is the same for all).
  std::deque<std::pair<double, Request*>> front_end_;
  std::deque<Request*> waiting_;
  // Done requests whose proof or attestation is still being produced: (ready time, admission
  // order, request), earliest first.
  struct Proving {
    double ready;
    std::uint64_t order;
    Request* request;
    bool operator>(const Proving& o) const { return ready != o.ready ? ready > o.ready : order > o.order; }
  };
  std::priority_queue<Proving, std::vector<Proving>, std::greater<>> proving_;
  std::uint64_t proving_order_ = 0;
  std::vector<service::ServiceEvent> events_;
  PullMessage pull_;
  bool up_ = true;
  std::vector<std::uint32_t> aborted_;
};

}  // namespace opgsim::engine
