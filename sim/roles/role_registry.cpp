// The node-role registry (see role_registry.hpp): one line per role.
#include "sim/roles/role_registry.hpp"

#include <array>

#include "sim/roles/role_signal_decls.hpp"

namespace opgsim {

namespace {
template <auto Spec> std::uint32_t count_of(const Scenario& s) { return (s.*Spec).count; }
template <auto Spec> const std::vector<std::string>& regions_of(const Scenario& s) { return (s.*Spec).regions; }

template <class... S> constexpr std::uint32_t mask(S... s) { return ((1U << engine::index_of(s)) | ... | 0U); }

using engine::Service;
// One role: its id, name, host prefix and Scenario member; its hooks (role_registry.hpp); the
// services it serves.
#define OPGSIM_NODE_ROLE(id, name, prefix, member, rules, class_rules, limits, stake, malicious, ...)        \
  NodeRole {                                                                                                   \
    faults::Role::id, name, prefix, &count_of<&Scenario::member>, &regions_of<&Scenario::member>,              \
        mask(__VA_ARGS__), &declare_##member##_role, rules, class_rules, limits, stake, malicious,              \
        &member##_signal_decls                                                                                 \
  }

const std::array kRoles{
    OPGSIM_NODE_ROLE(Inference, "inference", "node", inference, &inference_role_rules, &inference_class_rules, nullptr,
                     &inference_genesis_stake_opg, true),
    OPGSIM_NODE_ROLE(Verifier, "verifier", "verifier", verifier, nullptr, &verifier_class_rules, nullptr,
                     &verifier_genesis_stake_opg, false, Service::Verify),
    OPGSIM_NODE_ROLE(Data, "data", "data", data, &data_role_rules, &data_class_rules, &data_role_limits, nullptr, false,
                     Service::Fetch),
    OPGSIM_NODE_ROLE(Storage, "storage", "storage", storage, &storage_role_rules, nullptr, nullptr, nullptr, false,
                     Service::LoadWeights, Service::Store),
    OPGSIM_NODE_ROLE(Validator, "validator", "validator", validator, &validator_role_rules, nullptr,
                     &validator_role_limits, &validator_genesis_stake_opg, false, Service::Settle),
    OPGSIM_NODE_ROLE(Prover, "prover", "prover", prover, nullptr, &prover_class_rules, nullptr,
                     &prover_genesis_stake_opg, false, Service::Prove),
};
#undef OPGSIM_NODE_ROLE
}  // namespace

std::span<const NodeRole> node_roles() { return kRoles; }

bool service_offered(const Scenario& scenario, engine::Service s) {
  for (const NodeRole& role : kRoles)
    if (role.serves(s) && role.count(scenario) > 0) return true;
  return false;
}

const NodeRole* find_node_role(std::string_view name) {
  for (const NodeRole& role : kRoles)
    if (role.name == name) return &role;
  return nullptr;
}

std::vector<std::string> node_role_names() {
  std::vector<std::string> out;
  for (const NodeRole& role : kRoles) out.emplace_back(role.name);
  return out;
}

std::string malicious_role_names() {
  std::vector<std::string_view> names;
  for (const NodeRole& role : kRoles)
    if (role.can_be_malicious) names.push_back(role.name);
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += std::string(i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + std::string(names[i]);
  return out;
}

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
