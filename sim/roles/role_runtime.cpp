// The SimGrid half of the role registry (see role_runtime.hpp): one line per role.
#include "sim/roles/role_runtime.hpp"

#include <array>

namespace opgsim::engine {

namespace {
using faults::Role;
// Start order: the order actors were always created in (the chain's single actor last).
const std::array kRuntimes{
    RoleRuntime{Role::Inference, &start_inference},
    RoleRuntime{Role::Verifier, &start_verifier},
    RoleRuntime{Role::Data, &start_data},
    RoleRuntime{Role::Storage, &start_storage},
    RoleRuntime{Role::Prover, &start_prover},
    RoleRuntime{Role::Validator, &start_validator},
};
}  // namespace

std::span<const RoleRuntime> role_runtimes() { return kRuntimes; }

std::uint32_t available_nodes(const World& world, const RoleDirectory& role) {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < role.size(); ++i) n += role.up(i) && !world.region_cut(role.region(i)) ? 1 : 0;
  return n;
}


}  // namespace opgsim::engine
