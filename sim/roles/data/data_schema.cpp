// The declaration of roles.data, bound to DataRoleSpec (data_spec.hpp), and its rules. Defaults are
// models/data/oracle_feed.hpp's, with their sources there (opengradient-notes §3e, §4).
#include <array>
#include <utility>

#include "sim/roles/role_registry.hpp"
#include "sim/scenario/limit_rules.hpp"
#include "sim/scenario/model_check.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

namespace {
constexpr std::array<std::pair<DataRoleSpec::Mode, const char*>, 2> kDataModes{
    {{DataRoleSpec::Mode::Pull, "pull"}, {DataRoleSpec::Mode::Push, "push"}}};

config::Bind<DataRoleSpec> data_role_binding() {
  using config::member;
  using config::Type;
  using data::PushConfig;
  using data::WalkConfig;
  using nlohmann::json;
  using namespace limits;
  config::Bind<data::PullConfig> pull("Pull mode: each fetch takes a lognormal time (assumed: no measured fetch time; notes say "
                                      "100-500 ms).");
  pull.field("median_s", &data::PullConfig::median_s, Type::number().ge(kMinServiceS).le(kMaxDelayS)).def(0.2).unit("s")
      .doc("Median fetch time, exp(mu).");
  pull.field("sigma", &data::PullConfig::sigma, Type::number().ge(0).le(10)).def(0.5).doc("Standard deviation of ln(fetch time).");

  config::Bind<PushConfig> push("Push mode: a Chainlink-style feed (defaults: ETH/USD) publishing on-chain on a deviation or a "
                                "heartbeat; the source's true value is a driftless geometric random walk.");
  push.field("heartbeat_s", &PushConfig::heartbeat_s, Type::number().ge(kMinPeriodS)).def(3600.0).unit("s")
      .doc("Longest time between two publications (ETH/USD: 1 h).");
  push.field("deviation", &PushConfig::deviation, Type::number().gt(0)).def(0.005)
      .doc("Relative change of the value that triggers a publication (0.005 = 0.5 %; ETH/USD unconfirmed).");
  push.field("landing_delay_s", &PushConfig::landing_delay_s, Type::number().ge(0).le(kMaxDelayS)).def(40.0).unit("s")
      .doc("From observing the value to it being readable on chain (about 40 s, notes §3e).");
  push.field("initial_value", member(&PushConfig::walk, &WalkConfig::initial_value), Type::number().gt(0)).def(1.0)
      .doc("The source's value at time 0.");
  push.field("volatility_per_sqrt_s", member(&PushConfig::walk, &WalkConfig::volatility_per_sqrt_s), Type::number().ge(0))
      .def(1.25e-4).unit("1/sqrt(s)")
      .doc("Volatility of the walk (assumed: ETH at ~70 %/year, about 0.75 % per hour).");
  push.field("step_s", member(&PushConfig::walk, &WalkConfig::step_s), Type::number().ge(kMinPeriodS)).def(1.0).unit("s")
      .doc("Time grid on which the walk is sampled and the deviation checked.");

  config::Bind<DataRoleSpec> d("Data nodes: they bring outside data (prices, ...) to requests of classes with needs_data.");
  d.field("count", &DataRoleSpec::count, Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of data nodes; 0 means none, and then no class may have needs_data.");
  role_regions(d, "data nodes");
  d.choice("mode", &DataRoleSpec::mode, kDataModes).def("pull")
      .doc("pull: the request fetches the value when it needs it (fresh data, fetch latency); push: it reads the "
           "newest value the feed landed on chain (fast read, data as old as the feed).");
  d.field("concurrency", &DataRoleSpec::concurrency, Type::integer().ge(1).le(kMaxSlots)).def(64)
      .doc("Fetches one data node serves at once (FIFO beyond).");
  d.object("pull", &DataRoleSpec::pull, pull).def(json::object()).doc("Pull-mode fetch time.");
  d.object("push", &DataRoleSpec::push, push).def(json::object()).doc("Push-mode feed.");
  d.field("push_read_s", &DataRoleSpec::push_read_s, Type::number().ge(0).le(kMaxDelayS)).def(0.05).unit("s")
      .doc("Push mode: reading the landed value from chain state (assumed).");
  return d;
}

// With data nodes, the feed models' own checks (relations between their fields).
void data_role_rules(nlohmann::json& section, const nlohmann::json&, const config::Origins& origins, const config::Path& at) {
  if (section["count"].get<std::uint64_t>() == 0) return;
  const DataRoleSpec d = data_role_binding().read(section, origins, at);
  model_check([&] { d.pull.validate("data.pull"); }, "data.pull.", at.key("pull"), {}, origins);
  model_check([&] { d.push.validate("data.push"); }, "data.push.", at.key("push"),
              {{"walk.initial_value", "initial_value"},
               {"walk.volatility_per_sqrt_s", "volatility_per_sqrt_s"},
               {"walk.step_s", "step_s"}},
              origins);
}

void declare_data_role(config::Bind<Scenario>& roles) {
  roles.object("data", config::member(&Scenario::roles, &RoleSpecs::data), data_role_binding()).def(nlohmann::json::object())
      .doc("Data nodes (none by default).");
}

// A class with needs_data fetches from a data node first.
void data_class_rules(nlohmann::json& cls, const nlohmann::json& doc, const config::Origins& origins,
                      const config::Path& at) {
  if (cls["needs_data"].get<bool>() && doc["roles"]["data"]["count"].get<std::uint64_t>() == 0)
    config::fail_at(origins, at.key("needs_data"), "needs a data node: roles.data.count is 0");
}

// The push feed steps every step_s over the whole run.
void data_role_limits(const nlohmann::json& doc, const config::Origins& origins) {
  const nlohmann::json& d = doc["roles"]["data"];
  if (d["count"].get<double>() > 0 && d["mode"] == "push")
    check_ticks(doc, origins, config::Path().key("roles").key("data").key("push").key("step_s"), d["push"]["step_s"],
                "feed steps");
}

// Its nodes stake data_stake_opg only while their operators are agents (economy.roles.data.decide).
double data_genesis_stake_opg(const nlohmann::json& doc) {
  const nlohmann::json& e = doc["economy"];
  if (!e["roles"]["data"]["decide"].get<bool>()) return 0;
  return doc["roles"]["data"]["count"].get<double>() * e["data_stake_opg"].get<double>();
}

}  // namespace

analysis::RoleSignals data_signal_decls();  // data_signal_decls.cpp

// The registry entry of the data role (sim/roles/role_registry.hpp).
NodeRole data_node_role() {
  return NodeRole{
      .id = faults::Role::Data,
      .name = "data",
      .host_prefix = "data",
      .count = &role_count<&RoleSpecs::data>,
      .regions = &role_region_list<&RoleSpecs::data>,
      .services = service_mask(engine::Service::Fetch),
      .declare = &declare_data_role,
      .rules = &data_role_rules,
      .class_rules = &data_class_rules,
      .limits = &data_role_limits,
      .genesis_stake_opg = &data_genesis_stake_opg,
      .can_be_malicious = false,
      .signals = &data_signal_decls,
      .economy = {.account = economy::AccountKind::Data,
                  .stake_key = "data_stake_opg",
                  .stake_default_opg = 10000,
                  .stake_doc = "Stake of each data node while its operators are agents (economy.roles.data.decide; "
                               "assumption, as a verifier's).",
                  .share_key = "",
                  .share_doc = "",
                  .cost_usd_per_hour_default = 0.2,
                  .cost_doc = "Assumption: a small server fetching outside data (2-4 vCPU), about 0.2 USD/h on demand; sweep it.",
                  .min_active_doc = "",
                  .accounts_only_when_deciding = true},
  };
}

}  // namespace opgsim
