// The declaration of roles.validator, bound to ValidatorRoleSpec (validator_spec.hpp), and its
// rules. Defaults are models/chain's: consensus.hpp (CometBFT, notes §3g), settlement_batcher.hpp
// (inference-facilitator, notes §1.5), fee_market.hpp (og-evm x/feemarket, notes §1.4, §3h).
#include <array>
#include <utility>

#include "sim/roles/role_registry.hpp"
#include "sim/scenario/limit_rules.hpp"
#include "sim/scenario/model_check.hpp"
#include "sim/scenario/role_bindings.hpp"

namespace opgsim {

namespace {
using chain::SettlementMode;
constexpr std::array<std::pair<SettlementMode, const char*>, 2> kSettlementModes{
    {{SettlementMode::PerRequest, "per_request"}, {SettlementMode::Batched, "batched"}}};

config::Bind<ValidatorRoleSpec> validator_role_binding() {
  using chain::ConsensusConfig;
  using chain::FeeMarketConfig;
  using chain::SettlementConfig;
  using config::Type;
  using nlohmann::json;
  using namespace limits;
  config::Bind<SettlementConfig> st("How the facilitator turns settled requests into settlement transactions.");
  st.choice("mode", &SettlementConfig::mode, kSettlementModes).def("batched")
      .doc("per_request: one transaction per request (checks the TEE signature on chain); batched: one Merkle-root "
           "transaction per batch (the facilitator's default).");
  st.field("batch_size", &SettlementConfig::batch_size, Type::integer().ge(1).le(kMaxSettlementBatch)).def(20)
      .doc("batched: a full buffer is flushed (facilitator DATA_SETTLEMENT_BATCH_BUFFER_SIZE).");
  // 0, not null, disables: a null in a file or --set deletes the key, so the default would apply.
  st.field("idle_s", &SettlementConfig::idle_s, Type::number().ge(0).le(kMaxDelayS), config::zero_is_never)
      .def(300.0).unit("s")
      .doc("batched: flush when no request arrived for this long (facilitator: 5 min); 0 disables it.");
  st.field("max_age_s", &SettlementConfig::max_age_s, Type::number().ge(0).le(kMaxDelayS), config::zero_is_never)
      .def(900.0).unit("s")
      .doc("batched: flush when the oldest buffered request is this old (facilitator: 15 min); 0 disables it.");
  st.field("base_gas", &SettlementConfig::base_gas, Type::integer().ge(0).le(kMaxGas)).def(50000).unit("gas")
      .doc("Gas of one settlement transaction (assumed: 21,000 intrinsic + 20,000 storage slot + calldata).");
  st.field("per_item_gas", &SettlementConfig::per_item_gas, Type::integer().ge(0).le(kMaxGas)).def(0).unit("gas")
      .doc("Extra gas per request in a transaction (batchSettle stores only the root: 0).");
  st.field("individual_verify_gas", &SettlementConfig::individual_verify_gas, Type::integer().ge(0).le(kMaxGas))
      .def(20000).unit("gas")
      .doc("per_request: extra gas per request for the RSA-PSS signature check (og-evm precompile: 20,000).");
  st.field("verify_gas_per_class", &SettlementConfig::verify_gas_per_class, Type::boolean()).def(false)
      .doc("Each settled request adds the gas of verifying its class's proof on chain (verify_gas_<mode>, by "
           "workload.classes[].verification), in both modes, instead of individual_verify_gas. Off (the default): "
           "individual_verify_gas per request in per_request mode, nothing per request in batched mode.");
  const auto verify_gas = [&](const char* key, std::size_t mode, std::uint64_t def, const char* doc) {
    st.field(key, config::MemberRef<SettlementConfig, std::uint64_t>(
                      [mode](SettlementConfig& c) -> std::uint64_t& { return c.verify_gas[mode]; }),
             Type::integer().ge(0).le(kMaxGas))
        .def(def).unit("gas").doc(doc);
  };
  verify_gas("verify_gas_vanilla", 0, 0, "verify_gas_per_class: a request without verification (nothing to check).");
  verify_gas("verify_gas_tee", 1, 20000,
             "verify_gas_per_class: a TEE attestation's RSA-PSS signature check (og-evm precompile verifyRSAPSS: "
             "20,000; the enclave's attestation itself, 500,000, is checked once at registration, notes §1.4).");
  verify_gas("verify_gas_zkml", 2, 205600,
             "verify_gas_per_class: a Groth16 proof on BN254 at the EIP-1108 precompile prices: the EIP-197 pairing "
             "check 34,000 k + 45,000 with k = 4 (181,000) plus 6,150 per public input (ECMUL 6,000 + ECADD 150), 4 "
             "public inputs assumed (sweep): 205,600.");
  verify_gas("verify_gas_zk_crv", 3, 0,
             "verify_gas_per_class: a zk_crv proof is checked on chain only when challenged (assumption: 0; a "
             "challenged one would cost as zkml).");

  config::Bind<FeeMarketConfig> fm("EIP-1559 base fee of the settlement chain (og-evm x/feemarket defaults).");
  fm.field("no_base_fee", &FeeMarketConfig::no_base_fee, Type::boolean()).def(false)
      .doc("The base fee is always 0 (og-evm's example genesis sets NoBaseFee).");
  fm.field("initial_base_fee_wei", &FeeMarketConfig::initial_base_fee_wei, Type::integer().ge(0).le(kMaxFeeWei))
      .def(1000000000).unit("wei")
      .doc("Base fee of the first block (feemarket default: 1 gwei); >= min_base_fee_wei.");
  fm.field("gas_limit", &FeeMarketConfig::gas_limit, Type::integer().ge(1).le(kMaxGas)).def(10000000).unit("gas")
      .doc("Block gas limit (og-evm devnet); >= elasticity, and every settlement transaction must fit.");
  fm.field("elasticity", &FeeMarketConfig::elasticity, Type::integer().ge(1).le(1000)).def(2)
      .doc("ElasticityMultiplier: the gas target is gas_limit / elasticity.");
  fm.field("denominator", &FeeMarketConfig::denominator, Type::integer().ge(1).le(1000000)).def(8)
      .doc("BaseFeeChangeDenominator: the base fee moves at most 1/denominator per block.");
  fm.field("min_base_fee_wei", &FeeMarketConfig::min_base_fee_wei, Type::integer().ge(0).le(kMaxFeeWei)).def(0).unit("wei")
      .doc("Floor of a falling base fee (Cosmos EVM MinGasPrice).");

  // The consensus parameters sit directly in roles.validator in the scenario.
  const auto consensus = [](double ConsensusConfig::*m) { return config::member(&ValidatorRoleSpec::consensus, m); };
  config::Bind<ValidatorRoleSpec> v("Validators: the settlement chain (CometBFT-like consensus, blocks, fee market) and the "
                                    "facilitator that batches settlements.");
  v.field("count", &ValidatorRoleSpec::count, Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of validators; 0 means no settlement (no settle stage, no finality).");
  role_regions(v, "validators");
  v.field("block_time_s", consensus(&ConsensusConfig::block_time_s), Type::number().ge(kMinPeriodS).le(kMaxDelayS))
      .def(10.0).unit("s")
      .doc("Time between commits when round 0 succeeds (whitepaper figure, secondary; og-evm devnet runs ~1 s).");
  v.field("timeout_propose_s", consensus(&ConsensusConfig::timeout_propose_s), Type::number().ge(0).le(kMaxDelayS))
      .def(3.0).unit("s")
      .doc("Wait for a failed proposer before moving to the next round (CometBFT default).");
  v.field("timeout_propose_delta_s", consensus(&ConsensusConfig::timeout_propose_delta_s),
          Type::number().ge(0).le(kMaxDelayS)).def(0.5).unit("s")
      .doc("Added to timeout_propose_s per round (CometBFT default).");
  v.field("proposer_fault_prob", consensus(&ConsensusConfig::proposer_fault_prob), Type::number().ge(0).le(1)).def(0.0)
      .doc("Probability that an up proposer still fails its round.");
  v.object("settlement", &ValidatorRoleSpec::settlement, st).def(json::object()).doc("Settlement batching.");
  v.object("fee_market", &ValidatorRoleSpec::fee_market, fm).def(json::object()).doc("Base fee and block gas limit.");
  // Derived: the consensus votes among exactly the validator nodes.
  v.after([](ValidatorRoleSpec& out, const json&, const config::ReadAt&) { out.consensus.validators = out.count; });
  return v;
}

// With validators, the chain models' own checks, and every settlement transaction must fit in a
// block.
void validator_role_rules(nlohmann::json& section, const nlohmann::json&, const config::Origins& origins,
                          const config::Path& at) {
  if (section["count"].get<std::uint64_t>() == 0) return;
  const ValidatorRoleSpec v = validator_role_binding().read(section, origins, at);
  model_check([&] { chain::validate(v.consensus); }, "chain.consensus.", at, {{"validators", "count"}}, origins);
  model_check([&] { chain::validate(v.settlement); }, "chain.settlement.", at.key("settlement"), {}, origins);
  model_check([&] { chain::validate(v.fee_market); }, "chain.fee_market.", at.key("fee_market"), {}, origins);
  const std::uint64_t gas = chain::max_settlement_gas(v.settlement);
  if (gas > v.fee_market.gas_limit)
    config::fail_at(origins, at.key("settlement"),
                    "its largest transaction needs " + std::to_string(gas) +
                        " gas, more than the block gas limit roles.validator.fee_market.gas_limit (" +
                        std::to_string(v.fee_market.gas_limit) + "): no block could include it");
}

void declare_validator_role(config::Bind<Scenario>& roles) {
  roles.object("validator", config::member(&Scenario::roles, &RoleSpecs::validator), validator_role_binding()).def(nlohmann::json::object())
      .doc("Validators and settlement (none by default).");
}

// A block every block_time_s over the whole run.
void validator_role_limits(const nlohmann::json& doc, const config::Origins& origins) {
  const nlohmann::json& v = doc["roles"]["validator"];
  if (v["count"].get<double>() > 0)
    check_ticks(doc, origins, config::Path().key("roles").key("validator").key("block_time_s"), v["block_time_s"],
                "blocks");
}

// Each validator stakes validator_stake_opg.
double validator_genesis_stake_opg(const nlohmann::json& doc) {
  return doc["roles"]["validator"]["count"].get<double>() * doc["economy"]["validator_stake_opg"].get<double>();
}

// Validators that leave must not halt the chain: the consensus needs more than two thirds of
// them voting (models/chain/consensus.hpp's has_quorum), floor(2n/3) + 1.
std::uint32_t validator_quorum(std::uint32_t nodes) { return nodes * 2 / 3 + 1; }

}  // namespace

analysis::RoleSignals validator_signal_decls();  // validator_signal_decls.cpp

// The registry entry of the validator role (sim/roles/role_registry.hpp).
NodeRole validator_node_role() {
  return NodeRole{
      .id = faults::Role::Validator,
      .name = "validator",
      .host_prefix = "validator",
      .count = &role_count<&RoleSpecs::validator>,
      .regions = &role_region_list<&RoleSpecs::validator>,
      .services = service_mask(engine::Service::Settle),
      .declare = &declare_validator_role,
      .rules = &validator_role_rules,
      .class_rules = nullptr,
      .limits = &validator_role_limits,
      .genesis_stake_opg = &validator_genesis_stake_opg,
      .can_be_malicious = false,
      .signals = &validator_signal_decls,
      .economy = {.account = economy::AccountKind::Validator,
                  .stake_key = "validator_stake_opg",
                  .stake_default_opg = 100000,
                  .stake_doc = "Stake of each validator (assumption).",
                  .share_key = "validators",
                  .share_default = 0.0,
                  .share_bps = &economy::FeeShares::validators_bps,
                  .share_part = &economy::FeeSplit::validators,
                  .share_doc = "The proposer of its settlement block.",
                  .cost_usd_per_hour_default = 0.5,
                  .cost_doc = "Assumption: a validator's server (8 vCPU, 32 GB, fast SSD) at about 0.5 USD/h on "
                              "demand; sweep it.",
                  .min_active = &validator_quorum,
                  .min_active_doc = "the consensus quorum, floor(2 x count / 3) + 1, so that leaving never halts "
                                    "the chain"},
  };
}

}  // namespace opgsim
