// One node's own fault timeline: the events of the run's schedule that target it, in time
// order. Each role's actor owns the timelines of its nodes and applies every event at its time
// in its own loop, so a fault never makes another actor reach into the node's state (DESIGN:
// services own their state) and the fault happens where it happens, at the node.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/faults/fault_schedule.hpp"

namespace opgsim::faults {

class FaultTimeline {
public:
  FaultTimeline() = default;
  explicit FaultTimeline(std::vector<FaultEvent> events) : events_(std::move(events)) {}

  // When the next event is due (+inf when none is left).
  double next_time() const {
    return next_ < events_.size() ? events_[next_].time_s : std::numeric_limits<double>::infinity();
  }
  // Applies, in order, every event due at or before `now`.
  template <class Apply> void apply_due(double now, Apply&& apply) {
    while (next_ < events_.size() && events_[next_].time_s <= now) apply(events_[next_++]);
  }

private:
  std::vector<FaultEvent> events_;
  std::size_t next_ = 0;
};

// The timelines of `count` nodes of `role`, cut from a time-ordered schedule (the order of
// events at the same time is kept).
std::vector<FaultTimeline> timelines_for(const std::vector<FaultEvent>& schedule, Role role, std::uint32_t count);
// One timeline of every node of `role` (for an actor that holds them all, like the chain).
FaultTimeline role_timeline(const std::vector<FaultEvent>& schedule, Role role);
// The schedule's region events (cuts and restores), in order.
std::vector<FaultEvent> region_events(const std::vector<FaultEvent>& schedule);
// The schedule's payment-chain events (payment_chain_down / _up), in order.
std::vector<FaultEvent> payment_chain_events(const std::vector<FaultEvent>& schedule);

}  // namespace opgsim::faults
