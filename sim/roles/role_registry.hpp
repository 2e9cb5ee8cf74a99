// The roles whose nodes a scenario places: one NodeRole each, defined in the role's folder
// (<role>_node_role() in sim/roles/<role>/<role>_schema.cpp) and listed by sim/roles/role_list.hpp. Its id (the fault schedule's
// role), its name (the scenario's `roles.<name>`, a fault target's `role`), the prefix of its
// hosts' names, where the scenario says how many nodes it has and in which regions, which
// services (sim/engine/service.hpp) its nodes serve, its config hooks (how roles.<name> is
// declared and the role's own cross-field rules, in sim/roles/<role>/<role>_schema.cpp) and its
// window signals (name, unit, doc, the knee rules naming them, in
// sim/roles/<role>/<role>_signal_decls.cpp). The fault roster, the platform's placement, message
// posting, the scenario's shared rules, the metrics and the analysis commands iterate this list
// instead of naming each role.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/output/signal_decl.hpp"
#include "models/economy/fees.hpp"
#include "models/economy/ledger.hpp"
#include "models/faults/fault_schedule.hpp"
#include "sim/config/bind.hpp"
#include "sim/config/origins.hpp"
#include "sim/config/path.hpp"
#include "sim/engine/service.hpp"
#include "sim/roles/role_list.hpp"
#include "sim/scenario/scenario.hpp"

namespace opgsim {

// A role's nodes in the token economy (sim/engine/economy.cpp; economy.* in the scenario): each
// node is one operator with one ledger account. The keys are declared on the economy's schema
// from here, so the role's economic terms live in its folder.
struct RoleEconomy {
  economy::AccountKind account = economy::AccountKind::User;  // its nodes' ledger accounts
  std::string_view stake_key;      // economy.<stake_key>: OPG each node stakes; empty: no account
  double stake_default_opg = 0;
  std::string_view stake_doc;
  std::string_view share_key;      // economy.fees.shares.<share_key>: its node's part of a fee; empty: none
  double share_default = 0;        // a fraction of the fee
  std::uint32_t economy::FeeShares::*share_bps = nullptr;
  economy::Amount economy::FeeSplit::*share_part = nullptr;
  std::string_view share_doc;
  // Hardware units each node's operator pays economy.operators.cost_usd_per_hour for (a gpu
  // node's GPUs); nullptr: one.
  std::uint32_t (*cost_units)(const Scenario&) = nullptr;
  // Each node's hardware cost per hour when the role's nodes differ (inference pools), given the
  // price of one unit (economy.operators.gpu_cost_usd_per_hour); empty, or nullptr: every node
  // pays cost_units x that price.
  std::vector<double> (*node_cost_usd_per_hour)(const Scenario&, double unit_usd_per_hour) = nullptr;
  // Its operators as agents (economy.roles.<name>, declared from here for every role but the
  // routed one, whose operators are economy.operators): the hardware cost of one node per hour
  // by default and where that number comes from ("assumption" when nothing pins it), and the
  // fewest active operators the role needs (validators: their consensus quorum); nullptr: 1.
  double cost_usd_per_hour_default = 0;
  std::string_view cost_doc;
  std::uint32_t (*min_active)(std::uint32_t nodes) = nullptr;
  std::string_view min_active_doc;  // what min_active gives, in words
  // Its nodes have ledger accounts (and stake) only while its operators are agents
  // (economy.roles.<name>.decide): the roles that had no economic part before (data, storage),
  // so that a scenario without the option keeps its ledger.
  bool accounts_only_when_deciding = false;
};

// The fewest active operators role `re` needs with `nodes` nodes (RoleEconomy::min_active).
inline std::uint32_t role_min_active(const RoleEconomy& re, std::uint32_t nodes) {
  return re.min_active != nullptr ? re.min_active(nodes) : 1;
}

struct NodeRole {
  faults::Role id;
  std::string_view name;
  std::string_view host_prefix;  // host i is "<host_prefix>-<i>"
  std::uint32_t (*count)(const Scenario&);
  const std::vector<std::string>& (*regions)(const Scenario&);
  std::uint32_t services = 0;    // bit index_of(s) set for each service s it serves
  bool serves(engine::Service s) const { return (services >> engine::index_of(s) & 1U) != 0; }

  // Config hooks (nullptr: the role has none). All get the schema-validated scenario `doc` with
  // region lists filled, and throw InputError "<source>: <path>: <what>".
  // Declares roles.<name> (its bound section and doc) on the scenario's `roles` object.
  void (*declare)(config::Bind<Scenario>& roles);
  // The role's own rules: `section` is doc's roles.<name> at `at` (may be completed in place).
  void (*rules)(nlohmann::json& section, const nlohmann::json& doc, const config::Origins&, const config::Path& at);
  // What one request class (workload.classes[i], at `at`) needs of this role.
  void (*class_rules)(nlohmann::json& cls, const nlohmann::json& doc, const config::Origins&, const config::Path& at);
  // The role's periodic timers against the run's tick limit (limit_rules.hpp's check_ticks).
  void (*limits)(const nlohmann::json& doc, const config::Origins&);
  // OPG its nodes stake at genesis, for the supply check (economy enabled).
  double (*genesis_stake_opg)(const nlohmann::json& doc);
  // Whether its nodes may be made malicious (faults: malicious_start, malicious processes).
  bool can_be_malicious;
  // Its window signals (sim/roles/<role>/<role>_signal_decls.cpp).
  analysis::RoleSignals (*signals)();
  // Its operators' economic terms.
  RoleEconomy economy = {};
  // The router sends requests to its nodes (exactly one role is routed: the engine's routed
  // pool, World::nodes; the economy's deciding operators are its nodes').
  bool routed = false;
  std::size_t index() const { return static_cast<std::size_t>(id); }
};

// Every node role, in registry order (sim/roles/role_list.hpp); node_roles()[k].index() == k.
std::span<const NodeRole> node_roles();

// The role the router sends requests to (NodeRole::routed).
const NodeRole& routed_role();

// The role whose nodes serve s, or nullptr.
const NodeRole* role_serving(engine::Service s);

// Whether the scenario has nodes that serve s (the role serving it has at least one node).
bool service_offered(const Scenario& scenario, engine::Service s);

// The role named `name` (a scenario's roles.<name> or a fault target's role), or nullptr.
const NodeRole* find_node_role(std::string_view name);

// Every role's name, in roster order.
std::vector<std::string> node_role_names();

// "a and b": the roles whose nodes may be malicious, for messages.
std::string malicious_role_names();

// Each role's registry entry, defined in its folder (sim/roles/<role>/<role>_schema.cpp).
#define OPGSIM_NODE_ROLE_ENTRY(role, Spec) NodeRole role##_node_role();
OPGSIM_NODE_ROLES(OPGSIM_NODE_ROLE_ENTRY)
#undef OPGSIM_NODE_ROLE_ENTRY

// For the entries: how many nodes of the role the scenario has, and in which regions.
template <class... S> constexpr std::uint32_t service_mask(S... s) { return ((1U << engine::index_of(s)) | ... | 0U); }
template <auto Spec> std::uint32_t role_count(const Scenario& s) { return (s.roles.*Spec).count; }
template <auto Spec> const std::vector<std::string>& role_region_list(const Scenario& s) { return (s.roles.*Spec).regions; }

// Every role's signal declarations, in registry order: what analysis/ iterates (timeseries.csv's
// role columns, knee rules, curve signals, the output docs).
std::span<const analysis::RoleSignals> role_signals();
// The slot in analysis::RunMetrics::WindowSample::values of the signal `name` (its samplers look
// it up once); std::logic_error when no role declares it.
std::size_t signal_slot(std::string_view name);

}  // namespace opgsim
