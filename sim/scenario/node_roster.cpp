// The scenario's node roster (see node_roster.hpp).
#include "sim/scenario/node_roster.hpp"

#include <cstdint>
#include <string>

#include "sim/roles/role_registry.hpp"

namespace opgsim {

std::vector<faults::NodeRef> node_roster(const Scenario& s) {
  std::vector<faults::NodeRef> out;
  for (const NodeRole& role : node_roles()) {
    const std::uint32_t count = role.count(s);
    const std::vector<std::string>& regions = role.regions(s);
    for (std::uint32_t i = 0; i < count; ++i)
      out.push_back({role.id, i, regions.empty() ? std::string() : regions[i % regions.size()]});
  }
  return out;
}

}  // namespace opgsim
