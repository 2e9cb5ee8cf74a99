// The role sections (verifier, data, storage, validator, inference cold start), needs_data,
// proof detection probabilities, the extended faults section and the node roster.
#include <doctest/doctest.h>

#include <cmath>

#include "../config/temp_files.hpp"
#include "sim/scenario/node_roster.hpp"
#include "sim/scenario/scenario.hpp"
#include "load_error.hpp"

using opgsim::load_scenario;
using opgsim::Scenario;
namespace proof = opgsim::proof;
using opgsim::testing::input_error;
using opgsim::testing::load_error;
using opgsim::testing::TempDir;

namespace {


const char* kTwoRegions = R"("platform": {"regions": [{"name": "eu"}, {"name": "asia"}]})";

}  // namespace

TEST_CASE("the new role sections default to no nodes and the models' defaults") {
  TempDir dir;
  const auto s = load_scenario(dir.write("s.json", std::string("{") + kTwoRegions + "}"), {});
  const std::vector<std::string> all{"eu", "asia"};
  CHECK(!s.roles.inference.cold_start);
  CHECK(s.roles.inference.model_bytes == 0);

  CHECK(s.roles.verifier.count == 0);
  CHECK(s.roles.verifier.regions == all);
  CHECK(s.roles.verifier.cores == 8);
  CHECK(s.roles.verifier.policy == opgsim::policy::VerifierPolicyType::LeastLoaded);

  CHECK(s.roles.data.count == 0);
  CHECK(s.roles.data.regions == all);
  CHECK(s.roles.data.mode == opgsim::DataRoleSpec::Mode::Pull);
  CHECK(s.roles.data.concurrency == 64);
  CHECK(s.roles.data.pull.median_s == 0.2);
  CHECK(s.roles.data.pull.sigma == 0.5);
  const opgsim::data::PushConfig push;
  CHECK(s.roles.data.push.heartbeat_s == push.heartbeat_s);
  CHECK(s.roles.data.push.deviation == push.deviation);
  CHECK(s.roles.data.push.landing_delay_s == push.landing_delay_s);
  CHECK(s.roles.data.push.walk.initial_value == push.walk.initial_value);
  CHECK(s.roles.data.push.walk.volatility_per_sqrt_s == push.walk.volatility_per_sqrt_s);
  CHECK(s.roles.data.push.walk.step_s == push.walk.step_s);
  CHECK(s.roles.data.push_read_s == 0.05);

  const opgsim::storage::BlobStoreConfig blob;
  CHECK(s.roles.storage.count == 0);
  CHECK(s.roles.storage.regions == all);
  CHECK(s.roles.storage.blob.read_min_s == blob.read_min_s);
  CHECK(s.roles.storage.blob.read_bandwidth_Bps == blob.read_bandwidth_Bps);
  CHECK(s.roles.storage.blob.write_min_s == blob.write_min_s);
  CHECK(s.roles.storage.blob.write_encoded_bandwidth_Bps == blob.write_encoded_bandwidth_Bps);
  CHECK(s.roles.storage.blob.replication == blob.replication);
  CHECK(s.roles.storage.blob.client_write_cap_Bps == blob.client_write_cap_Bps);
  CHECK(s.roles.storage.blob.client_read_cap_Bps == blob.client_read_cap_Bps);

  const opgsim::chain::ConsensusConfig cons;
  const opgsim::chain::SettlementConfig st;
  const opgsim::chain::FeeMarketConfig fm;
  CHECK(s.roles.validator.count == 0);
  CHECK(s.roles.validator.regions == all);
  CHECK(s.roles.validator.consensus.validators == 0);
  CHECK(s.roles.validator.consensus.block_time_s == cons.block_time_s);
  CHECK(s.roles.validator.consensus.timeout_propose_s == cons.timeout_propose_s);
  CHECK(s.roles.validator.consensus.timeout_propose_delta_s == cons.timeout_propose_delta_s);
  CHECK(s.roles.validator.consensus.proposer_fault_prob == cons.proposer_fault_prob);
  CHECK(s.roles.validator.settlement.mode == opgsim::chain::SettlementMode::Batched);
  CHECK(s.roles.validator.settlement.batch_size == st.batch_size);
  CHECK(s.roles.validator.settlement.idle_s == st.idle_s);
  CHECK(s.roles.validator.settlement.max_age_s == st.max_age_s);
  CHECK(s.roles.validator.settlement.base_gas == st.base_gas);
  CHECK(s.roles.validator.settlement.per_item_gas == st.per_item_gas);
  CHECK(s.roles.validator.settlement.individual_verify_gas == st.individual_verify_gas);
  CHECK(s.roles.validator.fee_market.no_base_fee == fm.no_base_fee);
  CHECK(s.roles.validator.fee_market.initial_base_fee_wei == fm.initial_base_fee_wei);
  CHECK(s.roles.validator.fee_market.gas_limit == fm.gas_limit);
  CHECK(s.roles.validator.fee_market.elasticity == fm.elasticity);
  CHECK(s.roles.validator.fee_market.denominator == fm.denominator);
  CHECK(s.roles.validator.fee_market.min_base_fee_wei == fm.min_base_fee_wei);
  CHECK(s.roles.validator.fee_market.max_base_fee_wei == fm.max_base_fee_wei);

  CHECK(!s.workload.classes[0].needs_data);
  CHECK(s.proof.tee.detection_probability == 1);
  CHECK(s.proof.zkml.detection_probability == 1);
  CHECK(s.proof.zk_crv.detection_probability == 0.9);
  CHECK(s.faults.events.empty());
  CHECK(s.faults.processes.empty());
}

TEST_CASE("the new role sections convert to the typed specs") {
  TempDir dir;
  const auto s = load_scenario(dir.write("s.json", std::string("{") + kTwoRegions + R"(,
    "roles": {"inference": {"cold_start": true, "model_bytes": 1.6e10},
              "verifier": {"count": 2, "regions": ["asia"], "cores": 4, "policy": "round_robin"},
              "data": {"count": 1, "mode": "push", "concurrency": 8, "pull": {"median_s": 0.3},
                       "push": {"heartbeat_s": 60, "deviation": 0.01, "step_s": 0.5}, "push_read_s": 0.1},
              "storage": {"count": 3, "replication": 5, "read_min_s": 1},
              "validator": {"count": 4, "block_time_s": 1, "proposer_fault_prob": 0.1,
                            "settlement": {"mode": "per_request", "idle_s": 0, "max_age_s": 60},
                            "fee_market": {"no_base_fee": true, "gas_limit": 30000000}}},
    "workload": {"classes": [{"name": "a", "verification": "tee", "needs_data": true}]},
    "proof": {"tee": {"detection_probability": 0.5}, "zk_crv": {"detection_probability": 0.25}}
  })"), {});
  CHECK(s.roles.inference.cold_start);
  CHECK(s.roles.inference.model_bytes == 1.6e10);
  CHECK(s.roles.verifier.count == 2);
  CHECK(s.roles.verifier.regions == std::vector<std::string>{"asia"});
  CHECK(s.roles.verifier.cores == 4);
  CHECK(s.roles.verifier.policy == opgsim::policy::VerifierPolicyType::RoundRobin);
  CHECK(s.roles.data.mode == opgsim::DataRoleSpec::Mode::Push);
  CHECK(s.roles.data.concurrency == 8);
  CHECK(s.roles.data.pull.median_s == 0.3);
  CHECK(s.roles.data.push.heartbeat_s == 60);
  CHECK(s.roles.data.push.deviation == 0.01);
  CHECK(s.roles.data.push.walk.step_s == 0.5);
  CHECK(s.roles.data.push_read_s == 0.1);
  CHECK(s.roles.storage.count == 3);
  CHECK(s.roles.storage.blob.replication == 5);
  CHECK(s.roles.storage.blob.read_min_s == 1);
  CHECK(s.roles.validator.count == 4);
  CHECK(s.roles.validator.consensus.validators == 4);
  CHECK(s.roles.validator.consensus.block_time_s == 1);
  CHECK(s.roles.validator.consensus.proposer_fault_prob == 0.1);
  CHECK(s.roles.validator.settlement.mode == opgsim::chain::SettlementMode::PerRequest);
  CHECK(std::isinf(s.roles.validator.settlement.idle_s));
  CHECK(s.roles.validator.settlement.max_age_s == 60);
  CHECK(s.roles.validator.fee_market.no_base_fee);
  CHECK(s.roles.validator.fee_market.gas_limit == 30000000u);
  CHECK(s.workload.classes[0].needs_data);
  CHECK(s.proof.tee.detection_probability == 0.5);
  CHECK(s.proof.zkml.detection_probability == 1);
  CHECK(s.proof.zk_crv.detection_probability == 0.25);
}

TEST_CASE("role rules, one line naming the file and the JSON path") {
  TempDir dir;
  const std::string f = dir / "s.json";
  const std::string two = std::string("{") + kTwoRegions + ", ";
  CHECK(load_error(dir, two + R"("roles": {"verifier": {"regions": ["eu", "us"]}}})") ==
        f + ": roles.verifier.regions[1]: unknown region 'us' (known: eu, asia)");
  CHECK(load_error(dir, two + R"("roles": {"data": {"regions": ["mars"]}}})") ==
        f + ": roles.data.regions[0]: unknown region 'mars' (known: eu, asia)");
  CHECK(load_error(dir, two + R"("roles": {"storage": {"regions": ["mars"]}}})") ==
        f + ": roles.storage.regions[0]: unknown region 'mars' (known: eu, asia)");
  CHECK(load_error(dir, two + R"("roles": {"validator": {"regions": ["mars"]}}})") ==
        f + ": roles.validator.regions[0]: unknown region 'mars' (known: eu, asia)");

  CHECK(load_error(dir, R"({"workload": {"classes": [{"name": "a"}, {"name": "b", "verification": "tee"}]}})") ==
        f + ": workload.classes[1].verification: tee needs a verifier: roles.verifier.count is 0");
  CHECK(load_error(dir, R"({"workload": {"classes": [{"name": "a", "needs_data": true}]}})") ==
        f + ": workload.classes[0].needs_data: needs a data node: roles.data.count is 0");
  CHECK(load_error(dir, R"({"roles": {"inference": {"cold_start": true, "model_bytes": 1e9}}})") ==
        f + ": roles.inference.cold_start: needs a storage node to load the model from: roles.storage.count is 0");
  CHECK(load_error(dir, R"({"roles": {"inference": {"cold_start": true}, "storage": {"count": 1}}})") ==
        f + ": roles.inference.model_bytes: required (> 0) for cold_start with a non-gpu service (no catalog model "
            "to take the size from)");
  CHECK(load_error(dir, R"({"roles": {"inference": {"cold_start": true, "service": {"type": "gpu"}},
                                      "storage": {"count": 1}}})") == "<no error>");
}

TEST_CASE("the models' own checks, at the scenario path, only for roles with nodes") {
  TempDir dir;
  const std::string f = dir / "s.json";
  auto with_count = [](const std::string& n) {
    return R"({"roles": {"validator": {"count": )" + n +
           R"(, "fee_market": {"initial_base_fee_wei": 5, "min_base_fee_wei": 10}}}})";
  };
  CHECK(load_error(dir, with_count("4")) ==
        f + ": roles.validator.fee_market.initial_base_fee_wei: must lie between min_base_fee_wei and max_base_fee_wei");
  CHECK(load_error(dir, with_count("0")) == "<no error>");
  CHECK(load_error(dir, R"({"roles": {"validator": {"count": 4, "fee_market": {"gas_limit": 1, "elasticity": 2}}}})") ==
        f + ": roles.validator.fee_market.gas_limit: must be at least elasticity (2) so the gas target is positive");
  CHECK(load_error(dir, R"({"roles": {"validator": {"count": 4, "settlement": {"batch_size": 100, "per_item_gas": 200000}}}})") ==
        f + ": roles.validator.settlement: its largest transaction needs 20050000 gas, more than the block gas "
            "limit roles.validator.fee_market.gas_limit (10000000): no block could include it");
  CHECK(load_error(dir, R"({"roles": {"validator": {"count": 4, "settlement": {"mode": "per_request", "batch_size": 100, "per_item_gas": 200000}}}})") ==
        "<no error>");
  // The same mistake written with --set names --set.
  CHECK(load_error(dir, R"({"roles": {"validator": {"count": 4}}})", {"roles.validator.settlement.base_gas=20000000"}) ==
        "--set: roles.validator.settlement: its largest transaction needs 20000000 gas, more than the block gas "
        "limit roles.validator.fee_market.gas_limit (10000000): no block could include it");
  CHECK(load_error(dir, R"({"roles": {"storage": {"count": 1, "replication": 0.5}}})") ==
        f + ": roles.storage.replication: expected a number >= 1 and <= 100, got 0.5");
}

TEST_CASE("fault rules: targets exist, region kinds name a region, factors fit their kind") {
  TempDir dir;
  const std::string f = dir / "s.json";
  const std::string two = std::string("{") + kTwoRegions + ", \"roles\": {\"inference\": {\"count\": 2}, \"verifier\": {\"count\": 1}}, ";
  auto ev = [&](const std::string& e) { return two + R"("faults": {"events": [)" + e + "]}}"; };
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "crash", "index": 2})")) ==
        f + ": faults.events[0].index: no inference node 2 (roles.inference.count is 2)");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "crash", "role": "verifier", "index": 1})")) ==
        f + ": faults.events[0].index: no verifier node 1 (roles.verifier.count is 1)");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "crash", "role": "storage", "index": 0})")) ==
        f + ": faults.events[0].index: no storage node 0 (roles.storage.count is 0)");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "crash"})")) == f + ": faults.events[0].index: required for crash");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "region_cut"})")) ==
        f + ": faults.events[0].region: required for region_cut");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "region_cut", "region": "us"})")) ==
        f + ": faults.events[0].region: unknown region 'us' (known: eu, asia)");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "region_restore", "region": "eu", "index": 0})")) ==
        f + ": faults.events[0].index: not used by region_restore (it targets a whole region)");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "crash", "index": 0, "region": "eu"})")) ==
        f + ": faults.events[0].region: only region_cut and region_restore take a region (crash targets a node: "
            "role and index)");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "slow_start", "index": 0, "factor": 0.5})")) ==
        f + ": faults.events[0].factor: expected a slowdown >= 1 for slow_start, got 0.5");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "malicious_start", "index": 0, "factor": 2})")) ==
        f + ": faults.events[0].factor: expected an invalid fraction > 0 and <= 1 for malicious_start, got 2");
  CHECK(load_error(dir, ev(R"({"time_s": 1, "kind": "malicious_start", "role": "verifier", "index": 0, "factor": 0.5})")) ==
        f + ": faults.events[0].role: only inference nodes can be malicious, got 'verifier'");

  auto pr = [&](const std::string& p) { return two + R"("faults": {"processes": [)" + p + "]}}"; };
  CHECK(load_error(dir, pr(R"({"kind": "region_cut", "region": "us", "mttf_s": 10, "mttr_s": 1})")) ==
        f + ": faults.processes[0].region: unknown region 'us' (known: eu, asia)");
  CHECK(load_error(dir, pr(R"({"kind": "region_cut", "role": "data", "mttf_s": 10, "mttr_s": 1})")) ==
        f + ": faults.processes[0].role: not used by region_cut (it cuts regions: choose one with region)");
  CHECK(load_error(dir, pr(R"({"kind": "malicious", "role": "storage", "mttf_s": 10, "mttr_s": 1})")) ==
        f + ": faults.processes[0].role: only inference nodes can be malicious, got 'storage'");
  CHECK(load_error(dir, pr(R"({"kind": "slow", "factor": 0.9, "mttf_s": 10, "mttr_s": 1})")) ==
        f + ": faults.processes[0].factor: expected a slowdown >= 1 for slow, got 0.9");
}

TEST_CASE("fault events and processes convert to models/faults") {
  TempDir dir;
  const auto s = load_scenario(dir.write("s.json", std::string("{") + kTwoRegions + R"(,
    "roles": {"inference": {"count": 2}, "validator": {"count": 4}},
    "faults": {"events": [{"time_s": 5, "kind": "region_cut", "region": "asia"},
                          {"time_s": 9, "kind": "region_restore", "region": "asia"},
                          {"time_s": 7, "kind": "slow_start", "role": "validator", "index": 3, "factor": 2.5},
                          {"time_s": 8, "kind": "slow_end", "role": "validator", "index": 3}],
               "processes": [{"kind": "slow", "role": "inference", "region": "eu", "mttf_s": 100, "mttr_s": 10,
                              "distribution": "weibull", "shape": 0.5, "factor": 3, "start_s": 20},
                             {"kind": "region_cut", "mttf_s": 1000, "mttr_s": 5}]}
  })"), {});
  REQUIRE(s.faults.events.size() == 4);
  const auto& cut = s.faults.events[0];
  CHECK(cut.time_s == 5);
  CHECK(cut.kind == opgsim::faults::FaultKind::RegionCut);
  CHECK(cut.target.is_region());
  CHECK(cut.target.region == "asia");
  CHECK(cut.source == "faults.events[0]");
  CHECK(s.faults.events[1].kind == opgsim::faults::FaultKind::RegionRestore);
  const auto& slow = s.faults.events[2];
  CHECK(slow.kind == opgsim::faults::FaultKind::SlowStart);
  CHECK(!slow.target.is_region());
  CHECK(slow.target.role == opgsim::faults::Role::Validator);
  CHECK(slow.target.index == 3);
  CHECK(slow.factor == 2.5);
  CHECK(s.faults.events[3].kind == opgsim::faults::FaultKind::SlowEnd);
  CHECK(s.faults.events[3].factor == 1);

  REQUIRE(s.faults.processes.size() == 2);
  const auto& p = s.faults.processes[0];
  CHECK(p.kind == opgsim::faults::FaultProcess::Kind::Slow);
  CHECK(p.select.role == opgsim::faults::Role::Inference);
  CHECK(p.select.region == std::optional<std::string>("eu"));
  CHECK(p.time_to_failure.type == opgsim::faults::Duration::Type::Weibull);
  CHECK(p.time_to_failure.mean_s == 100);
  CHECK(p.time_to_repair.mean_s == 10);
  CHECK(p.time_to_repair.shape == 0.5);
  CHECK(p.factor == 3);
  CHECK(p.start_s == 20);
  const auto& q = s.faults.processes[1];
  CHECK(q.kind == opgsim::faults::FaultProcess::Kind::RegionCut);
  CHECK(!q.select.role.has_value());
  CHECK(!q.select.region.has_value());

  // The converted schedule is accepted by the fault model against the roster.
  const auto schedule = opgsim::faults::build_schedule(s.faults.events, s.faults.processes,
                                                       opgsim::node_roster(s), 100, s.seed);
  CHECK(schedule.size() >= 4);
}

TEST_CASE("node_roster places node i of a role in regions[i % size], roles in order") {
  TempDir dir;
  const auto s = load_scenario(dir.write("s.json", R"({
    "platform": {"regions": [{"name": "eu"}, {"name": "asia"}, {"name": "us"}]},
    "roles": {"inference": {"count": 4, "regions": ["eu", "asia"]}, "verifier": {"count": 2, "regions": ["us"]},
              "data": {"count": 1}, "storage": {"count": 0}, "validator": {"count": 4}}})"), {});
  const auto r = opgsim::node_roster(s);
  using opgsim::faults::Role;
  struct Want {
    Role role;
    std::uint32_t index;
    const char* region;
  };
  const std::vector<Want> want{{Role::Inference, 0, "eu"}, {Role::Inference, 1, "asia"}, {Role::Inference, 2, "eu"},
                               {Role::Inference, 3, "asia"}, {Role::Verifier, 0, "us"},  {Role::Verifier, 1, "us"},
                               {Role::Data, 0, "eu"},        {Role::Validator, 0, "eu"}, {Role::Validator, 1, "asia"},
                               {Role::Validator, 2, "us"},   {Role::Validator, 3, "eu"}};
  REQUIRE(r.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(r[i].role == want[i].role);
    CHECK(r[i].index == want[i].index);
    CHECK(r[i].region == want[i].region);
  }
}

TEST_CASE("prover nodes: defaults, placement, regions and the rule that provers need prover nodes") {
  TempDir dir;
  const std::string f = dir / "s.json";
  const std::string two = std::string("{") + kTwoRegions + ", ";
  const std::string zkml_class =
      R"("workload": {"classes": [{"name": "z", "verification": "zkml", "model_parameters": 119000}]})";
  const Scenario s = load_scenario(dir.write("ok.json", two + R"("roles": {"verifier": {"count": 1},
      "prover": {"count": 3, "regions": ["asia"], "provers": 2, "speed_factor": 0.5}},
      "proof": {"placement": "provers"}, )" + zkml_class + "}"), {});
  CHECK(s.roles.prover.count == 3);
  CHECK(s.roles.prover.regions == std::vector<std::string>{"asia"});
  CHECK(s.roles.prover.provers == 2);
  CHECK(s.roles.prover.speed_factor == 0.5);
  CHECK(s.proof.placement == proof::ProofConfig::Placement::Provers);
  CHECK(load_scenario(dir.write("default.json", "{" + std::string(kTwoRegions) + "}"), {}).proof.placement ==
        proof::ProofConfig::Placement::Node);
  std::string no_provers = two;
  no_provers += R"("roles": {"verifier": {"count": 1}}, "proof": {"placement": "provers"}, )";
  no_provers += zkml_class;
  no_provers += "}";
  CHECK(load_error(dir, no_provers) ==
        f + ": proof.placement: provers needs prover nodes for zkml class 'z': roles.prover.count is 0");
  CHECK(load_error(dir, two + R"("roles": {"prover": {"regions": ["mars"]}}})") ==
        f + ": roles.prover.regions[0]: unknown region 'mars' (known: eu, asia)");
}
