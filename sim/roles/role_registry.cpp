// The node-role registry (see role_registry.hpp): the entries of sim/roles/role_list.hpp's roles.
#include "sim/roles/role_registry.hpp"

#include <stdexcept>
#include <vector>

namespace opgsim {

namespace {
// Registry order: the order of sim/roles/role_list.hpp. Built on first use, so that other static
// initialisers may read it.
const std::vector<NodeRole>& all_roles() {
  static const std::vector<NodeRole> roles{
#define OPGSIM_NODE_ROLE_ENTRY(role, Spec) role##_node_role(),
      OPGSIM_NODE_ROLES(OPGSIM_NODE_ROLE_ENTRY)
#undef OPGSIM_NODE_ROLE_ENTRY
  };
  return roles;
}

// What the engine assumes of the list: entry k has id k (per-role tables are indexed by id) and
// exactly one role is routed. Checked once, at first use.
const std::vector<NodeRole>& checked_roles() {
  static const bool ok = [] {
    std::size_t routed = 0;
    for (std::size_t k = 0; k < all_roles().size(); ++k) {
      if (all_roles()[k].index() != k) throw std::logic_error("role registry: entry ids out of order");
      routed += all_roles()[k].routed ? 1 : 0;
    }
    if (routed != 1) throw std::logic_error("role registry: exactly one role must be routed");
    return true;
  }();
  (void)ok;
  return all_roles();
}
}  // namespace

std::span<const NodeRole> node_roles() { return checked_roles(); }

const NodeRole& routed_role() {
  for (const NodeRole& role : checked_roles())
    if (role.routed) return role;
  throw std::logic_error("role registry: no routed role");
}

const NodeRole* role_serving(engine::Service s) {
  for (const NodeRole& role : all_roles())
    if (role.serves(s)) return &role;
  return nullptr;
}

bool service_offered(const Scenario& scenario, engine::Service s) {
  for (const NodeRole& role : all_roles())
    if (role.serves(s) && role.count(scenario) > 0) return true;
  return false;
}

const NodeRole* find_node_role(std::string_view name) {
  for (const NodeRole& role : all_roles())
    if (role.name == name) return &role;
  return nullptr;
}

std::vector<std::string> node_role_names() {
  std::vector<std::string> out;
  for (const NodeRole& role : all_roles()) out.emplace_back(role.name);
  return out;
}

std::string malicious_role_names() {
  std::vector<std::string_view> names;
  for (const NodeRole& role : all_roles())
    if (role.can_be_malicious) names.push_back(role.name);
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += std::string(i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + std::string(names[i]);
  return out;
}

std::span<const analysis::RoleSignals> role_signals() {
  static const std::vector<analysis::RoleSignals> all = [] {
    std::vector<analysis::RoleSignals> out;
    for (const NodeRole& r : all_roles()) out.push_back(r.signals());
    analysis::signal_slots(out);  // throws when they do not fit a WindowSample
    return out;
  }();
  return all;
}

std::size_t signal_slot(std::string_view name) { return analysis::signal_slot(role_signals(), name); }

}  // namespace opgsim
