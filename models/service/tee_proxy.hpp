// The service model of a TEE proxy node (roles.inference.service type tee_proxy): it runs no
// model; it relays each admitted request to an upstream LLM API (upstream_api.hpp) and streams
// the answer back. A request is admitted while fewer than `concurrency` calls are in flight;
// the call leaves when the node's rate limit allows (Started then: the wait is queueing), its
// first token comes a drawn TTFT later (FirstToken) and the rest at a drawn tokens/s (Done).
// Upstream outages are the node's crash / recover fault events (faults.events, role inference):
// calls in flight fail and the router skips the node until it recovers. Pure: no SimGrid.
#pragma once

#include <cstdint>
#include <vector>

#include "models/service/service_model.hpp"
#include "models/service/upstream_api.hpp"

namespace opgsim::service {

class TeeProxy final : public ServiceModel {
public:
  TeeProxy(const UpstreamConfig& config, Rng rng);

  bool can_admit(const Job& job) const override;
  void admit(const Job& job, double now) override;
  double next_event_time() const override;
  void advance(double now, std::vector<ServiceEvent>& out) override;
  std::uint32_t in_service() const override { return in_flight_; }
  std::uint32_t slots() const override { return concurrency_; }
  // Calls in flight / concurrency, integrated (a call counts from admission: waiting for the rate
  // limit holds a connection too).
  double busy_integral(double now) const override;
  void abort_all(std::vector<std::uint32_t>& ids) override;
  // A slow upstream: calls admitted from now on take `factor` times longer (TTFT and streaming).
  void set_slowdown(double factor, double now) override;

private:
  struct Pending {
    ServiceEvent event;
    std::uint64_t seq;
  };
  static bool later(const Pending& a, const Pending& b);
  void account(double now);

  MedianP90 ttft_, tokens_per_s_;
  RateLimiter limiter_;
  std::uint32_t concurrency_;
  Rng rng_;
  double slowdown_ = 1;
  std::vector<Pending> heap_;  // min-heap on (time, kind, seq)
  std::uint64_t next_seq_ = 0;
  std::uint32_t in_flight_ = 0;
  double last_t_ = 0;
  double busy_ = 0;  // integral of in_flight_ / concurrency_
};

}  // namespace opgsim::service
