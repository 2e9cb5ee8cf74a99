// The typed scenario: what `opgsim run` simulates, after extends, --set, validation and defaults.
//
// load_scenario() is the only way to get one: it reads the JSON file (following `extends`,
// RFC 7386 merge patch), applies --set overrides, validates every key against the schema in
// scenario_schema.cpp (unknown keys, types, ranges, cross-field rules) and fills defaults.
// Each field is declared once, bound to its member here (sim/config/bind.hpp); the role specs
// and their declarations live in sim/roles/<role>/<role>_spec.hpp and <role>_schema.cpp.
// Every field is documented in scenarios/README.md, which is generated from the same schema
// (`opgsim dump-schema --markdown`). No SimGrid here.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/economy/allocation.hpp"
#include "models/economy/delegation.hpp"
#include "models/economy/downtime.hpp"
#include "models/economy/emissions.hpp"
#include "models/economy/x402_payments.hpp"
#include "models/economy/fees.hpp"
#include "models/economy/ledger.hpp"
#include "models/economy/operators.hpp"
#include "models/economy/token_price.hpp"
#include "models/economy/users.hpp"
#include "models/economy/policy.hpp"
#include "models/policy/router_policy.hpp"
#include "models/policy/router_view.hpp"
#include "models/faults/fault_schedule.hpp"
#include "models/proof/proof_cost.hpp"
#include "models/proof/verification_mode.hpp"
#include "models/workload/arrivals.hpp"
#include "models/workload/token_distribution.hpp"
#include "sim/roles/role_list.hpp"
#include "sim/scenario/horizon_spec.hpp"

namespace opgsim {

struct RegionSpec {
  std::string name;
  double latency_s = 0;        // one-way latency between two hosts of this region
  double bandwidth_Bps = 0;    // each host's link (split duplex), bytes per second
};

struct PlatformSpec {
  std::vector<RegionSpec> regions;      // at least one
  double inter_region_latency_s = 0;    // backbone between any two regions, one way
  double inter_region_bandwidth_Bps = 0;
  double tcp_window_bytes = 4194304;    // caps a flow at window / (2 * latency) (SimGrid TCP-gamma)
};

struct ClientRoleSpec {
  std::vector<std::string> regions;     // one client host per entry (a region may repeat)
};

struct RouterSpec {
  policy::RouterPolicySpec policy{"least_outstanding", {}};  // a router_policies() entry and its parameters
  policy::RouterViewSpec view{"exact", {}};                  // a router_views() entry and its parameters
  enum class Placement { Gateway, Client };
  Placement placement = Placement::Gateway;  // gateway: its own host; client: runs in each client
  std::string region;                   // gateway placement: where the router host is
  double decision_s = 0;                // time the router spends per decision
  std::optional<std::uint32_t> queue_limit;  // central_queue: FIFO length at the router
};

struct RequestClassSpec {
  std::string name;
  double weight = 1;                    // share of open-loop arrivals (relative)
  proof::VerificationMode verification = proof::VerificationMode::Vanilla;
  double model_parameters = 0;          // for proof costs (filled from the gpu catalog when 0)
  bool needs_data = false;              // fetch outside data from a data node before queueing
  std::string model;                    // the model it needs (roles.inference.pools); "" = any node
};

struct ArrivalSpec {
  enum class Type { Poisson, Ramp, Phases, Trace, Closed, Users };  // users: the economy's user population
  Type type = Type::Poisson;
  std::vector<workload::RatePiece> pieces;  // poisson / ramp / phases, resolved to pieces
  std::string trace_file;                   // trace: path resolved against the scenario's folder
  workload::TraceFormat trace_format = workload::TraceFormat::Opgsim;
  double trace_time_scale = 1;
  // closed: users in all, split evenly over the clients (the first ones get one more)
  std::uint32_t users = 0;
  double think_time_s = 0;
  bool exponential_think = true;
  double start_spread_s = 0;
  double retry_delay_s = 1;
};

struct WorkloadSpec {
  ArrivalSpec arrivals;
  workload::TokenDistribution prompt_tokens;
  workload::TokenDistribution output_tokens;
  std::vector<RequestClassSpec> classes;   // at least one
  double timeout_s = 300;                  // a request not done this long after submission ends timed_out
  double bytes_per_token = 4;              // payload size: tokens * bytes_per_token + overhead
  double payload_overhead_bytes = 512;     // headers, signatures
};

struct FaultsSpec {
  std::vector<faults::FaultEvent> events;      // listed, as written
  std::vector<faults::FaultProcess> processes;
};

// The token economy (models/economy). Amounts in the scenario are in OPG; the ledger keeps
// integer base units (1 OPG = 1e9).
// economy.roles.<role>: the operators of a role other than the routed one as agents (declared from
// the role's registry entry, RoleEconomy). The hardware cost of one node per hour is
// operators.gpu_cost_usd_per_hour (one unit per node).
struct RoleOperatorsSpec {
  bool decide = false;                        // off: they never leave (and data, storage have no accounts)
  economy::OperatorConfig operators;
  std::optional<std::uint32_t> min_active;    // nullopt: the role's own minimum (RoleEconomy::min_active)
  double min_stake_opg = 0;                   // a node slashed below this stops serving at once (0: never)
};

struct EconomySpec {
  bool enabled = false;
  double epoch_s = 60;                     // operators and users decide, emissions are paid, a ledger.csv row
  double initial_supply_opg = 1e9;         // the fixed supply (notes §2: 1B), split into the allocation's buckets
  // The buckets and their unlock schedules (notes §2); empty: the whole supply stays in the treasury.
  std::vector<economy::BucketConfig> allocation = economy::opg_allocation();
  // Holders' stake delegated to the staking nodes at genesis, drawn from the holder buckets'
  // unlocked tokens; it drifts toward higher yield (delegation.mobility_per_day).
  double delegated_opg = 80e6;
  double delegation_commission = 0.05;     // the node keeps this share of its delegators' rewards
  economy::DelegationConfig delegation;
  double unbonding_s = 21 * 86400.0;       // Cosmos default (notes §3h, unconfirmed for OPG)
  economy::TokenPriceConfig price;
  economy::FeeConfig fees;
  economy::PaymentsConfig payments;        // settlement (fees at settlement) or x402 (at request time)
  economy::EmissionConfig emissions;
  // Stakes made from the treasury at genesis (and by each operator that joins).
  // OPG each node of a role stakes, by role index (economy.<role's stake_key>, declared by the
  // role's registry entry: sim/roles/role_registry.hpp's RoleEconomy).
  std::array<double, kNodeRoleCount> stake_opg{};
  double min_stake_opg = 5000;             // an operator whose stake falls below this must leave
  double slash_invalid_fraction = 0.05;    // notes §4: 5 % (Cosmos double-sign), sweep 1-100 %
  economy::SlashDestination slash_destination = economy::SlashDestination::Burn;
  economy::DowntimeConfig downtime;        // validators: window 100, 50 % signed, 1 %, jail 600 s
  economy::OperatorConfig operators;
  std::optional<std::uint32_t> initially_active;  // operators active at t = 0 (nullopt: every inference node)
  std::array<RoleOperatorsSpec, kNodeRoleCount> roles{};  // by role index; the routed role's is unused
  economy::UserConfig users;
  double user_budget_opg = 100;            // tokens each new user buys from the treasury
  economy::GovernanceSpec governance;      // proposals, votes, executed parameter changes (off by default)
  economy::FundConfig fund;                // the ecosystem fund's grants and subsidies (off by default)
};

struct OutputSpec {
  double window_s = 10;                    // timeseries.csv row width
  std::optional<double> slow_latency_s;    // also count completed requests slower than this (latency_s.slow)
};

struct Scenario {
  std::string name;                        // default: the file name without .json
  std::string description;
  std::string file;                        // the top scenario file as given
  std::uint64_t seed = 1;
  double duration_s = 600;                 // arrivals happen in [0, duration_s)
  double warmup_s = 0;                     // requests submitted before this are not in statistics
  double drain_s = 600;                    // after duration_s, in-flight work may finish for this long
  PlatformSpec platform;
  RoleSpecs roles;                         // the nodes, one section per role (sim/roles/role_list.hpp)
  ClientRoleSpec clients;
  RouterSpec router;
  WorkloadSpec workload;
  OutputSpec output;
  FaultsSpec faults;
  EconomySpec economy;
  proof::ProofConfig proof;                // costs of proofs and attestations per verification mode
  std::optional<HorizonSpec> horizon;      // present: the long-horizon mode (sim/horizon/)
  nlohmann::json resolved;                 // the complete scenario with every default, as run
};

// Loads, merges, overrides, validates. `sets` are "dotted.path=value" strings (value parsed as
// JSON when it parses, else taken as a string). Throws opgsim::InputError with one line:
// "<file>: <json path>: <what is wrong>" (the file that set the offending value; "--set" for
// overrides).
Scenario load_scenario(const std::string& file, const std::vector<std::string>& sets);

// A complete scenario with every default (what `opgsim dump-default-config` prints).
nlohmann::json default_scenario();

// scenarios/README.md's field reference, generated from the schema.
std::string scenario_reference_markdown();

}  // namespace opgsim
