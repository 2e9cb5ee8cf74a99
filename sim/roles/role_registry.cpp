// The node-role registry (see role_registry.hpp): one line per role.
#include "sim/roles/role_registry.hpp"

#include <array>

namespace opgsim {

namespace {
template <auto Spec> std::uint32_t count_of(const Scenario& s) { return (s.*Spec).count; }
template <auto Spec> const std::vector<std::string>& regions_of(const Scenario& s) { return (s.*Spec).regions; }

template <class... S> constexpr std::uint32_t mask(S... s) { return ((1U << engine::index_of(s)) | ... | 0U); }

using engine::Service;
#define OPGSIM_NODE_ROLE(id, name, prefix, member, ...)                                                   \
  NodeRole {                                                                                            \
    faults::Role::id, name, prefix, &count_of<&Scenario::member>, &regions_of<&Scenario::member>, \
        mask(__VA_ARGS__)                                                                               \
  }

const std::array kRoles{
    OPGSIM_NODE_ROLE(Inference, "inference", "node", inference),
    OPGSIM_NODE_ROLE(Verifier, "verifier", "verifier", verifier, Service::Verify),
    OPGSIM_NODE_ROLE(Data, "data", "data", data, Service::Fetch),
    OPGSIM_NODE_ROLE(Storage, "storage", "storage", storage, Service::LoadWeights, Service::Store),
    OPGSIM_NODE_ROLE(Validator, "validator", "validator", validator, Service::Settle),
    OPGSIM_NODE_ROLE(Prover, "prover", "prover", prover, Service::Prove),
};
#undef OPGSIM_NODE_ROLE
}  // namespace

std::span<const NodeRole> node_roles() { return kRoles; }

bool service_offered(const Scenario& scenario, engine::Service s) {
  for (const NodeRole& role : kRoles)
    if (role.serves(s) && role.count(scenario) > 0) return true;
  return false;
}

}  // namespace opgsim
