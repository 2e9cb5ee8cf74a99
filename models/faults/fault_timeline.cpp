// Cutting a fault schedule into per-node timelines (see fault_timeline.hpp).
#include "models/faults/fault_timeline.hpp"

namespace opgsim::faults {

std::vector<FaultTimeline> timelines_for(const std::vector<FaultEvent>& schedule, Role role, std::uint32_t count) {
  std::vector<std::vector<FaultEvent>> per_node(count);
  for (const FaultEvent& e : schedule)
    if (!e.target.is_region() && e.target.role == role && e.target.index < count) per_node[e.target.index].push_back(e);
  std::vector<FaultTimeline> out;
  out.reserve(count);
  for (auto& events : per_node) out.emplace_back(std::move(events));
  return out;
}

FaultTimeline role_timeline(const std::vector<FaultEvent>& schedule, Role role) {
  std::vector<FaultEvent> out;
  for (const FaultEvent& e : schedule)
    if (!e.target.is_region() && e.target.role == role) out.push_back(e);
  return FaultTimeline(std::move(out));
}

std::vector<FaultEvent> region_events(const std::vector<FaultEvent>& schedule) {
  std::vector<FaultEvent> out;
  for (const FaultEvent& e : schedule)
    if (e.target.is_region()) out.push_back(e);
  return out;
}

std::vector<FaultEvent> payment_chain_events(const std::vector<FaultEvent>& schedule) {
  std::vector<FaultEvent> out;
  for (const FaultEvent& e : schedule)
    if (is_payment_chain_kind(e.kind)) out.push_back(e);
  return out;
}

}  // namespace opgsim::faults
