// The node-role registry (see role_registry.hpp): one line per role.
#include "sim/roles/role_registry.hpp"

#include <array>

#include "sim/roles/role_signal_decls.hpp"

namespace opgsim {

namespace {
template <auto Spec> std::uint32_t count_of(const Scenario& s) { return (s.*Spec).count; }
template <auto Spec> const std::vector<std::string>& regions_of(const Scenario& s) { return (s.*Spec).regions; }

#define OPGSIM_NODE_ROLE(id, name, prefix, member)                                                          \
  NodeRole {                                                                                               \
    faults::Role::id, name, prefix, &count_of<&Scenario::member>, &regions_of<&Scenario::member>,          \
        &member##_signal_decls                                                                             \
  }

const std::array kRoles{
    OPGSIM_NODE_ROLE(Inference, "inference", "node", inference),
    OPGSIM_NODE_ROLE(Verifier, "verifier", "verifier", verifier),
    OPGSIM_NODE_ROLE(Data, "data", "data", data),
    OPGSIM_NODE_ROLE(Storage, "storage", "storage", storage),
    OPGSIM_NODE_ROLE(Validator, "validator", "validator", validator),
    OPGSIM_NODE_ROLE(Prover, "prover", "prover", prover),
};
#undef OPGSIM_NODE_ROLE
}  // namespace

std::span<const NodeRole> node_roles() { return kRoles; }

std::span<const analysis::RoleSignals> role_signals() {
  static const std::vector<analysis::RoleSignals> all = [] {
    std::vector<analysis::RoleSignals> out;
    for (const NodeRole& r : kRoles) out.push_back(r.signals());
    analysis::signal_slots(out);  // throws when they do not fit a WindowSample
    return out;
  }();
  return all;
}

std::size_t signal_slot(std::string_view name) { return analysis::signal_slot(role_signals(), name); }

}  // namespace opgsim
