// Slots of the declared role signals (see signal_decl.hpp).
#include "analysis/output/signal_decl.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace opgsim::analysis {

std::vector<SignalSlot> signal_slots(std::span<const RoleSignals> roles) {
  std::vector<SignalSlot> out;
  for (std::size_t r = 0; r < roles.size(); ++r)
    for (const SignalDecl& d : roles[r].signals) out.push_back({r, &d});
  if (out.size() > kMaxRoleSignals)
    throw std::logic_error(fmt::format("{} role signals declared, at most {} fit (kMaxRoleSignals)", out.size(),
                                       kMaxRoleSignals));
  return out;
}

std::size_t signal_slot(std::span<const RoleSignals> roles, std::string_view name) {
  const std::vector<SignalSlot> slots = signal_slots(roles);
  for (std::size_t i = 0; i < slots.size(); ++i)
    if (slots[i].decl->name == name) return i;
  throw std::logic_error(fmt::format("no role declares the signal '{}'", name));
}

}  // namespace opgsim::analysis
