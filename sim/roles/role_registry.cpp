// The node-role registry (see role_registry.hpp): one line per role.
#include "sim/roles/role_registry.hpp"

#include <array>

namespace opgsim {

namespace {
template <auto Spec> std::uint32_t count_of(const Scenario& s) { return (s.*Spec).count; }
template <auto Spec> const std::vector<std::string>& regions_of(const Scenario& s) { return (s.*Spec).regions; }

#define OPGSIM_NODE_ROLE(id, name, prefix, member, rules, class_rules, limits, stake, malicious)             \
  NodeRole {                                                                                                   \
    faults::Role::id, name, prefix, &count_of<&Scenario::member>, &regions_of<&Scenario::member>,              \
        &declare_##member##_role, rules, class_rules, limits, stake, malicious                                 \
  }

const std::array kRoles{
    OPGSIM_NODE_ROLE(Inference, "inference", "node", inference, &inference_role_rules, &inference_class_rules, nullptr,
                     &inference_genesis_stake_opg, true),
    OPGSIM_NODE_ROLE(Verifier, "verifier", "verifier", verifier, nullptr, &verifier_class_rules, nullptr,
                     &verifier_genesis_stake_opg, false),
    OPGSIM_NODE_ROLE(Data, "data", "data", data, &data_role_rules, &data_class_rules, &data_role_limits, nullptr, false),
    OPGSIM_NODE_ROLE(Storage, "storage", "storage", storage, &storage_role_rules, nullptr, nullptr, nullptr, false),
    OPGSIM_NODE_ROLE(Validator, "validator", "validator", validator, &validator_role_rules, nullptr,
                     &validator_role_limits, &validator_genesis_stake_opg, false),
    OPGSIM_NODE_ROLE(Prover, "prover", "prover", prover, nullptr, &prover_class_rules, nullptr, nullptr, false),
};
#undef OPGSIM_NODE_ROLE
}  // namespace

std::span<const NodeRole> node_roles() { return kRoles; }

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

}  // namespace opgsim
