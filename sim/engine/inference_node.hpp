// The inference role: one actor per node. It receives routed requests, keeps them in a FIFO
// until the service model can admit them (rejecting past the queue limit, dropping those whose
// client already gave up), lets the model run them, and sends each result back to its client.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "models/service/service_model.hpp"
#include "sim/engine/inbox.hpp"
#include "sim/engine/world.hpp"

namespace opgsim::engine {

class InferenceNode {
public:
  InferenceNode(World& world, std::uint32_t index, std::unique_ptr<service::ServiceModel> model);
  void operator()();  // the actor's body

  std::size_t waiting() const { return waiting_.size(); }
  double busy_integral(double now) const { return model_->busy_integral(now); }

private:
  void accept(Request* r, double now);
  void run_model(double now);
  bool admit_waiting(double now);
  void on_done(Request* r);

  World& world_;
  std::uint32_t index_;
  std::unique_ptr<service::ServiceModel> model_;
  std::deque<Request*> waiting_;
  std::vector<service::ServiceEvent> events_;
  PullMessage pull_;
};

}  // namespace opgsim::engine
