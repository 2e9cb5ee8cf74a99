// JSON -> typed Scenario (see scenario_convert.hpp). Everything was checked before, so this
// is plain field copying; enum choices map by their position in the schema's choice lists.
#include "sim/scenario/scenario_convert.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/scenario/choice.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/registry_schema.hpp"

namespace opgsim {
namespace {

using config::Path;
using nlohmann::json;

class Converter {
public:
  explicit Converter(const config::Origins& origins) : origins_(origins) {}

  std::uint32_t u32(const json& v, const Path& at) const {
    if (v.get<double>() > std::numeric_limits<std::uint32_t>::max())
      config::fail_at(origins_, at, "expected an integer <= 4294967295, got " + v.dump());
    return v.get<std::uint32_t>();
  }

  static std::uint64_t u64(const json& v) { return v.get<std::uint64_t>(); }

  // A timer that 0 disables (+infinity: never fires).
  static double or_never(const json& v) {
    return v.get<double>() == 0 ? std::numeric_limits<double>::infinity() : v.get<double>();
  }

  std::optional<std::uint32_t> limit(const json& v, const Path& at) const {
    if (v.is_null()) return std::nullopt;
    return u32(v, at);
  }

  service::ServiceSpec service(const json& j, const Path& at) const {
    service::ServiceSpec s;
    const std::string type = j["type"];
    if (type == "gpu") {
      s.type = service::ServiceSpec::Type::Gpu;
      s.gpu = j["gpu"];
      s.model = j["model"];
      s.precision = j["precision"];
      s.gpus_per_node = u32(j["gpus_per_node"], at.key("gpus_per_node"));
      s.max_batch = u32(j["max_batch"], at.key("max_batch"));
      s.max_batched_tokens = u32(j["max_batched_tokens"], at.key("max_batched_tokens"));
      s.gpu_memory_utilization = j["gpu_memory_utilization"];
      s.kv_block_tokens = u32(j["kv_block_tokens"], at.key("kv_block_tokens"));
      s.chunked_prefill = j["chunked_prefill"];
      s.kv_cache_fp8 = choice<bool>(j["kv_cache_dtype"], {{"auto", false}, {"fp8", true}},
                              "kv_cache_dtype");
      s.compute_efficiency = j["compute_efficiency"];
      s.bandwidth_efficiency = j["bandwidth_efficiency"];
      s.iteration_overhead_s = j["iteration_overhead_s"];
      s.per_sequence_overhead_s = j["per_sequence_overhead_s"];
      s.request_overhead_s = j["request_overhead_s"];
      s.catalog_file = j["catalog"];
      s.profile = j["profile"];
      return s;
    }
    using T = service::ServiceSpec::Type;
    s.type = choice<T>(j["type"], {{"exponential", T::Exponential},
                                          {"deterministic", T::Deterministic}, {"lognormal", T::Lognormal}},
                    "service model");
    s.mean_s = j["mean_s"];
    if (j.contains("cv")) s.cv = j["cv"];
    s.concurrency = u32(j["concurrency"], at.key("concurrency"));
    return s;
  }

  static workload::TokenDistribution tokens(const json& j) {
    workload::TokenDistribution d;
    const std::string type = j["type"];
    if (type == "constant") {
      d.type = workload::TokenDistribution::Type::Constant;
      d.value = j["value"];
      d.min = d.max = d.value;
    } else if (type == "uniform") {
      d.type = workload::TokenDistribution::Type::Uniform;
      d.min = j["min"];
      d.max = j["max"];
    } else if (type == "lognormal") {
      d.type = workload::TokenDistribution::Type::Lognormal;
      d.median = j["median"];
      d.sigma = j["sigma"];
      d.min = j["min"];
      d.max = j["max"];
    } else {
      throw std::logic_error("scenario conversion has no token distribution named '" + type + "'");
    }
    return d;
  }

  static ArrivalSpec arrivals(const json& j, double duration_s) {
    ArrivalSpec a;
    const std::string type = j["type"];
    if (type == "poisson") {
      a.type = ArrivalSpec::Type::Poisson;
      a.pieces.push_back({duration_s, j["rate_rps"], j["rate_rps"]});
    } else if (type == "ramp") {
      a.type = ArrivalSpec::Type::Ramp;
      a.pieces.push_back({duration_s, j["from_rps"], j["to_rps"]});
    } else if (type == "phases") {
      a.type = ArrivalSpec::Type::Phases;
      for (const json& p : j["phases"]) {
        const bool constant = p.contains("rate_rps");
        a.pieces.push_back({p["duration_s"], constant ? p["rate_rps"] : p["from_rps"],
                            constant ? p["rate_rps"] : p["to_rps"]});
      }
    } else if (type == "users") {
      a.type = ArrivalSpec::Type::Users;
    } else if (type == "closed") {
      a.type = ArrivalSpec::Type::Closed;
      a.users = j["users"];
      a.think_time_s = j["think_time_s"];
      a.exponential_think =
          choice<bool>(j["think_time_distribution"], {{"constant", false}, {"exponential", true}}, "think time distribution");
      a.start_spread_s = j["start_spread_s"];
      a.retry_delay_s = j["retry_delay_s"];
    } else if (type == "trace") {
      a.type = ArrivalSpec::Type::Trace;
      a.trace_file = j["file"];
      using F = workload::TraceFormat;
      a.trace_format = choice<F>(j["format"], {{"opgsim", F::Opgsim}, {"azure", F::Azure}},
                              "trace format");
      a.trace_time_scale = j["time_scale"];
    } else {
      throw std::logic_error("scenario conversion has no arrival process named '" + type + "'");
    }
    return a;
  }

private:
  const config::Origins& origins_;
};

const Path kRoles = Path().key("roles");

std::vector<std::string> regions_of(const json& role) { return role["regions"].get<std::vector<std::string>>(); }

faults::FaultKind fault_kind(const std::string& k) {
  return faults::parse_kind(k, "faults");  // the schema allowed only valid spellings
}

faults::FaultProcess::Kind process_kind(const json& k) {
  using K = faults::FaultProcess::Kind;
  return choice<K>(k, {{"crash", K::Crash}, {"slow", K::Slow}, {"malicious", K::Malicious}, {"region_cut", K::RegionCut}},
                   "fault process kind");
}

}  // namespace

VerifierRoleSpec to_verifier_role(const json& j, const config::Origins& origins) {
  const Converter c(origins);
  const Path at = kRoles.key("verifier");
  VerifierRoleSpec v;
  v.count = c.u32(j["count"], at.key("count"));
  v.regions = regions_of(j);
  v.cores = c.u32(j["cores"], at.key("cores"));
  v.policy = *policy::verifier_policy_from_string(j["policy"].get<std::string>());
  return v;
}

ProverRoleSpec to_prover_role(const json& j, const config::Origins& origins) {
  const Converter c(origins);
  const Path at = kRoles.key("prover");
  ProverRoleSpec p;
  p.count = c.u32(j["count"], at.key("count"));
  p.regions = regions_of(j);
  p.provers = c.u32(j["provers"], at.key("provers"));
  p.speed_factor = j["speed_factor"];
  return p;
}

DataRoleSpec to_data_role(const json& j, const config::Origins& origins) {
  const Converter c(origins);
  const Path at = kRoles.key("data");
  DataRoleSpec d;
  d.count = c.u32(j["count"], at.key("count"));
  d.regions = regions_of(j);
  using Mode = DataRoleSpec::Mode;
  d.mode = choice<Mode>(j["mode"], {{"pull", Mode::Pull}, {"push", Mode::Push}}, "data mode");
  d.concurrency = c.u32(j["concurrency"], at.key("concurrency"));
  d.pull.median_s = j["pull"]["median_s"];
  d.pull.sigma = j["pull"]["sigma"];
  const json& push = j["push"];
  d.push.heartbeat_s = push["heartbeat_s"];
  d.push.deviation = push["deviation"];
  d.push.landing_delay_s = push["landing_delay_s"];
  d.push.walk.initial_value = push["initial_value"];
  d.push.walk.volatility_per_sqrt_s = push["volatility_per_sqrt_s"];
  d.push.walk.step_s = push["step_s"];
  d.push_read_s = j["push_read_s"];
  return d;
}

StorageRoleSpec to_storage_role(const json& j, const config::Origins& origins) {
  const Converter c(origins);
  StorageRoleSpec s;
  s.count = c.u32(j["count"], kRoles.key("storage").key("count"));
  s.regions = regions_of(j);
  s.blob.read_min_s = j["read_min_s"];
  s.blob.read_bandwidth_Bps = j["read_bandwidth_Bps"];
  s.blob.write_min_s = j["write_min_s"];
  s.blob.write_encoded_bandwidth_Bps = j["write_encoded_bandwidth_Bps"];
  s.blob.replication = j["replication"];
  s.blob.client_write_cap_Bps = j["client_write_cap_Bps"];
  s.blob.client_read_cap_Bps = j["client_read_cap_Bps"];
  return s;
}

ValidatorRoleSpec to_validator_role(const json& j, const config::Origins& origins) {
  const Converter c(origins);
  const Path at = kRoles.key("validator");
  ValidatorRoleSpec v;
  v.count = c.u32(j["count"], at.key("count"));
  v.regions = regions_of(j);
  v.consensus.validators = v.count;
  v.consensus.block_time_s = j["block_time_s"];
  v.consensus.timeout_propose_s = j["timeout_propose_s"];
  v.consensus.timeout_propose_delta_s = j["timeout_propose_delta_s"];
  v.consensus.proposer_fault_prob = j["proposer_fault_prob"];
  const json& st = j["settlement"];
  using SM = chain::SettlementMode;
  v.settlement.mode = choice<SM>(st["mode"], {{"per_request", SM::PerRequest},
                                                    {"batched", SM::Batched}},
                             "settlement mode");
  v.settlement.batch_size = c.u32(st["batch_size"], at.key("settlement").key("batch_size"));
  v.settlement.idle_s = Converter::or_never(st["idle_s"]);
  v.settlement.max_age_s = Converter::or_never(st["max_age_s"]);
  v.settlement.base_gas = Converter::u64(st["base_gas"]);
  v.settlement.per_item_gas = Converter::u64(st["per_item_gas"]);
  v.settlement.individual_verify_gas = Converter::u64(st["individual_verify_gas"]);
  const json& fm = j["fee_market"];
  v.fee_market.no_base_fee = fm["no_base_fee"];
  v.fee_market.initial_base_fee_wei = Converter::u64(fm["initial_base_fee_wei"]);
  v.fee_market.gas_limit = Converter::u64(fm["gas_limit"]);
  v.fee_market.elasticity = Converter::u64(fm["elasticity"]);
  v.fee_market.denominator = Converter::u64(fm["denominator"]);
  v.fee_market.min_base_fee_wei = Converter::u64(fm["min_base_fee_wei"]);
  return v;
}

// Fractions of the scenario to basis points; the rules check that they sum to 1.
economy::FeeShares to_fee_shares(const json& j) {
  const auto bps = [&](const char* k) { return static_cast<std::uint32_t>(std::llround(j[k].get<double>() * 10000)); };
  return {bps("operator"), bps("verifier"), bps("validators"), bps("treasury"), bps("burn")};
}

EconomySpec to_economy(const json& j) {
  EconomySpec e;
  e.enabled = j["enabled"];
  e.epoch_s = j["epoch_s"];
  e.initial_supply_opg = j["initial_supply_opg"];
  e.unbonding_s = j["unbonding_s"];
  const json& p = j["price"];
  e.price.initial_usd = p["initial_usd"];
  for (const json& pt : p["series"]) e.price.series.push_back({pt["time_s"], pt["usd"]});
  for (const json& sh : p["shocks"]) e.price.shocks.push_back({sh["time_s"], sh["factor"]});
  e.price.floor_usd = p["floor_usd"];
  const json& f = j["fees"];
  e.fees.usd_per_million_input = f["usd_per_million_input"];
  e.fees.usd_per_million_output = f["usd_per_million_output"];
  e.fees.cap_opg = f["cap_opg"];
  for (std::size_t m = 0; m < proof::kVerificationModeNames.size(); ++m)
    e.fees.surcharge_usd[m] = f["surcharge_usd"][std::string(proof::to_string(static_cast<proof::VerificationMode>(m)))];
  e.fees.pay_base_fee = f["pay_base_fee"];
  e.fees.shares = to_fee_shares(f["shares"]);
  const json& em = j["emissions"];
  using ET = economy::EmissionConfig::Type;
  e.emissions.type = choice<ET>(em["type"], {{"none", ET::None}, {"linear", ET::Linear},
                                                   {"inverse_sqrt", ET::InverseSqrt}},
                            "emission curve");
  e.emissions.total_opg = em["total_opg"];
  e.emissions.period_s = em["period_s"];
  e.emissions.k = em["k"];
  e.emissions.work_share = em["work_share"];
  e.operator_stake_opg = j["operator_stake_opg"];
  e.verifier_stake_opg = j["verifier_stake_opg"];
  e.validator_stake_opg = j["validator_stake_opg"];
  e.min_stake_opg = j["min_stake_opg"];
  e.slash_invalid_fraction = j["slash_invalid_fraction"];
  using SD = economy::SlashDestination;
  e.slash_destination = choice<SD>(j["slash_destination"], {{"burn", SD::Burn},
                                                                  {"treasury", SD::Treasury}},
                               "slash destination");
  const json& d = j["downtime"];
  e.downtime.window_blocks = d["window_blocks"];
  e.downtime.min_signed = d["min_signed"];
  e.downtime.slash_fraction = d["slash_fraction"];
  e.downtime.jail_s = d["jail_s"];
  const json& o = j["operators"];
  e.operators.gpu_cost_usd_per_hour = o["gpu_cost_usd_per_hour"];
  e.operators.cost_spread = o["cost_spread"];
  e.operators.profit_threshold_usd_per_hour = o["profit_threshold_usd_per_hour"];
  e.operators.patience_epochs = o["patience_epochs"];
  e.operators.join_threshold_usd_per_hour = o["join_threshold_usd_per_hour"];
  e.operators.max_joins_per_epoch = o["max_joins_per_epoch"];
  e.operators.provisioning_s = o["provisioning_s"];
  e.operators.min_active = o["min_active"];
  if (!o["initially_active"].is_null()) e.initially_active = o["initially_active"].get<std::uint32_t>();
  const json& u = j["users"];
  e.users.initial_users = u["initial_users"];
  for (const json& w : u["waves"]) e.users.waves.push_back({w["start_s"], w["duration_s"], w["users"]});
  e.users.requests_per_user_per_s = u["requests_per_user_per_s"];
  e.users.tolerance_latency_s = u["tolerance_latency_s"];
  e.users.return_probability = u["return_probability"];
  e.users.failure_weight = u["failure_weight"];
  e.users.slow_weight = u["slow_weight"];
  e.user_budget_opg = u["budget_opg"];
  return e;
}

proof::ProofConfig to_proof_config(const json& p) {
  proof::ProofConfig c;
  using PP = proof::ProofConfig::Placement;
  c.placement = choice<PP>(p["placement"], {{"node", PP::Node}, {"provers", PP::Provers}}, "proof placement");
  c.tee.inference_slowdown = p["tee"]["inference_slowdown"];
  c.tee.sign_s = p["tee"]["sign_s"];
  c.tee.attestation_check_s = p["tee"]["attestation_check_s"];
  c.zkml.prover_speed_factor = p["zkml"]["prover_speed_factor"];
  c.zkml.provers_per_node = p["zkml"]["provers_per_node"];
  c.zkml.verifier_speed_factor = p["zkml"]["verifier_speed_factor"];
  c.zkml.max_provable_parameters = p["zkml"]["max_provable_parameters"];
  c.zk_crv.proving_fraction = p["zk_crv"]["proving_fraction"];
  c.zk_crv.verify_fraction = p["zk_crv"]["verify_fraction"];
  c.zk_crv.challenge_window_s = p["zk_crv"]["challenge_window_s"];
  c.zk_crv.max_provable_parameters = p["zk_crv"]["max_provable_parameters"];
  c.tee.detection_probability = p["tee"]["detection_probability"];
  c.zkml.detection_probability = p["zkml"]["detection_probability"];
  c.zk_crv.detection_probability = p["zk_crv"]["detection_probability"];
  return c;
}

Scenario to_scenario(const json& doc, const config::Origins& origins) {
  const Converter c(origins);
  Scenario s;
  s.name = doc["name"];
  s.description = doc["description"];
  s.seed = doc["seed"].get<std::uint64_t>();
  s.duration_s = doc["duration_s"];
  s.warmup_s = doc["warmup_s"];
  s.drain_s = doc["drain_s"];

  const json& p = doc["platform"];
  for (const json& r : p["regions"]) s.platform.regions.push_back({r["name"], r["latency_s"], r["bandwidth_Bps"]});
  s.platform.inter_region_latency_s = p["inter_region_latency_s"];
  s.platform.inter_region_bandwidth_Bps = p["inter_region_bandwidth_Bps"];
  s.platform.tcp_window_bytes = p["tcp_window_bytes"];

  const json& inf = doc["roles"]["inference"];
  const Path inf_at = Path().key("roles").key("inference");
  s.inference.count = c.u32(inf["count"], inf_at.key("count"));
  s.inference.regions = inf["regions"].get<std::vector<std::string>>();
  s.inference.service = c.service(inf["service"], inf_at.key("service"));
  s.inference.queue_limit = c.limit(inf["queue_limit"], inf_at.key("queue_limit"));
  s.inference.cold_start = inf["cold_start"];
  s.inference.model_bytes = inf["model_bytes"];
  s.verifier = to_verifier_role(doc["roles"]["verifier"], origins);
  s.prover = to_prover_role(doc["roles"]["prover"], origins);
  s.data = to_data_role(doc["roles"]["data"], origins);
  s.storage = to_storage_role(doc["roles"]["storage"], origins);
  s.validator = to_validator_role(doc["roles"]["validator"], origins);
  s.clients.regions = doc["roles"]["client"]["regions"].get<std::vector<std::string>>();

  const json& r = doc["router"];
  s.router.policy = typed_spec(r["policy"], policy::router_policies());
  s.router.view = typed_spec(r["view"], policy::router_views());
  s.router.placement = r["placement"] == "client" ? RouterSpec::Placement::Client : RouterSpec::Placement::Gateway;
  s.router.region = r["region"];
  s.router.decision_s = r["decision_s"];
  s.router.queue_limit = c.limit(r["queue_limit"], Path().key("router").key("queue_limit"));

  const json& w = doc["workload"];
  s.workload.arrivals = Converter::arrivals(w["arrivals"], s.duration_s);
  s.workload.prompt_tokens = Converter::tokens(w["prompt_tokens"]);
  s.workload.output_tokens = Converter::tokens(w["output_tokens"]);
  for (const json& k : w["classes"])
    s.workload.classes.push_back({k["name"], k["weight"],
                                  *proof::verification_mode_from_string(k["verification"].get<std::string>()),
                                  k["model_parameters"], k["needs_data"]});
  s.workload.timeout_s = w["timeout_s"];
  s.workload.bytes_per_token = w["bytes_per_token"];
  s.workload.payload_overhead_bytes = w["payload_overhead_bytes"];

  s.output.window_s = doc["output"]["window_s"];
  s.proof = to_proof_config(doc["proof"]);
  s.economy = to_economy(doc["economy"]);

  const json& f = doc["faults"];
  for (std::size_t i = 0; i < f["events"].size(); ++i) {
    const json& e = f["events"][i];
    faults::FaultEvent ev;
    ev.time_s = e["time_s"];
    ev.kind = fault_kind(e["kind"]);
    if (e.contains("region")) {
      ev.target.region = e["region"];  // role and index unused
    } else {
      ev.target.role = faults::parse_role(e["role"].get<std::string>(), "faults");
      ev.target.index = e["index"].get<std::uint32_t>();  // < the role's count (rules)
    }
    ev.factor = e["factor"];
    ev.source = Path().key("faults").key("events").index(i).dotted();
    s.faults.events.push_back(ev);
  }
  for (const json& p : f["processes"]) {
    faults::FaultProcess pr;
    pr.kind = process_kind(p["kind"]);
    if (p.contains("role")) pr.select.role = faults::parse_role(p["role"].get<std::string>(), "faults");
    if (p.contains("region")) pr.select.region = p["region"].get<std::string>();
    using DT = faults::Duration::Type;
    const auto type = choice<DT>(p["distribution"], {{"exponential", DT::Exponential},
                                                           {"weibull", DT::Weibull}},
                             "fault duration distribution");
    pr.time_to_failure = {type, p["mttf_s"], p["shape"]};
    pr.time_to_repair = {type, p["mttr_s"], p["shape"]};
    pr.factor = p["factor"];
    pr.start_s = p["start_s"];
    s.faults.processes.push_back(pr);
  }
  return s;
}

}  // namespace opgsim
