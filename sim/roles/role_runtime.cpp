// The SimGrid half of the role registry (see role_runtime.hpp): the runtime entries of the roles of
// sim/roles/role_list.hpp, in start order.
#include "sim/roles/role_runtime.hpp"

#include <algorithm>
#include <vector>

namespace opgsim::engine {

namespace {
std::vector<RoleRuntime> in_start_order() {
  std::vector<RoleRuntime> out{
#define OPGSIM_ROLE_RUNTIME_ENTRY(role, Spec) role##_role_runtime(),
      OPGSIM_NODE_ROLES(OPGSIM_ROLE_RUNTIME_ENTRY)
#undef OPGSIM_ROLE_RUNTIME_ENTRY
  };
  std::stable_sort(out.begin(), out.end(),
                   [](const RoleRuntime& a, const RoleRuntime& b) { return a.start_order < b.start_order; });
  return out;
}
}  // namespace

std::span<const RoleRuntime> role_runtimes() {
  static const std::vector<RoleRuntime> runtimes = in_start_order();
  return runtimes;
}


ControlTarget default_control_target(World& world, faults::Role role, std::uint32_t node) {
  const RoleDirectory& d = world.directory(role);
  return {d.mailbox(node), d.region(node)};
}

std::uint32_t available_nodes(const World& world, const RoleDirectory& role) {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < role.size(); ++i) n += role.up(i) && !world.region_cut(role.region(i)) ? 1 : 0;
  return n;
}


}  // namespace opgsim::engine
