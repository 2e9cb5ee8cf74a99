// The opgsim scenario schema, bound to the typed Scenario (see scenario_schema.hpp): every field
// is declared once with its validation, default, unit, doc and the member it fills. The role
// sections are declared in their roles' folders (sim/roles/<role>/<role>_schema.cpp), the
// {"type": ...} families in their registries (families.hpp), the economy in economy_schema.cpp.
// Cross-field rules that one field's declaration cannot express (references to region names,
// warmup < duration, phase forms, ...) live in scenario_rules.cpp.
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/scenario_limits.hpp"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "models/policy/router_policy.hpp"
#include "models/policy/router_view.hpp"
#include "models/proof/verification_mode.hpp"
#include "sim/roles/role_registry.hpp"
#include "sim/scenario/families.hpp"
#include "sim/scenario/registry_schema.hpp"

namespace opgsim {
namespace {

using config::Bind;
using config::member;
using config::ObjectSchema;
using config::ReadAt;
using config::Type;
using nlohmann::json;
using namespace limits;

// Name tables of the string-valued choices: the schema's allowed names and the conversion both
// come from each one.
constexpr std::array<std::pair<RouterSpec::Placement, const char*>, 2> kRouterPlacements{
    {{RouterSpec::Placement::Gateway, "gateway"}, {RouterSpec::Placement::Client, "client"}}};
constexpr std::array<std::pair<proof::ProofConfig::Placement, const char*>, 2> kProofPlacements{
    {{proof::ProofConfig::Placement::Node, "node"}, {proof::ProofConfig::Placement::Provers, "provers"}}};
using faults::FaultKind;
constexpr std::array<std::pair<FaultKind, const char*>, 10> kFaultKinds{
    {{FaultKind::Crash, "crash"}, {FaultKind::Recover, "recover"}, {FaultKind::RegionCut, "region_cut"},
     {FaultKind::RegionRestore, "region_restore"}, {FaultKind::SlowStart, "slow_start"}, {FaultKind::SlowEnd, "slow_end"},
     {FaultKind::MaliciousStart, "malicious_start"}, {FaultKind::MaliciousEnd, "malicious_end"},
     {FaultKind::PaymentChainDown, "payment_chain_down"}, {FaultKind::PaymentChainUp, "payment_chain_up"}}};
using faults::Role;
// The roles a fault may target are the node roles (clients and the router are not targets); the
// schema has checked the name.
Role fault_role(const json& name) { return find_node_role(name.get<std::string>())->id; }
// The fault-process family: written as a plain name in faults.processes[].kind.
using ProcessKind = faults::FaultProcess::Kind;
constexpr std::array<std::pair<ProcessKind, const char*>, 4> kFaultProcessKinds{
    {{ProcessKind::Crash, "crash"}, {ProcessKind::Slow, "slow"}, {ProcessKind::Malicious, "malicious"},
     {ProcessKind::RegionCut, "region_cut"}}};

Bind<PlatformSpec> platform() {
  Bind<RegionSpec> region("One network region: its hosts share a latency and a link bandwidth.");
  region.field("name", &RegionSpec::name, Type::string().non_empty()).doc("Region name, referenced by roles and the router.");
  region.field("latency_s", &RegionSpec::latency_s, Type::number().ge(0).le(kMaxDelayS)).def(0.001).unit("s")
      .doc("One-way latency between two hosts of this region.");
  region.field("bandwidth_Bps", &RegionSpec::bandwidth_Bps, Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps))
      .def(1.25e9).unit("B/s").doc("Each host's link bandwidth (10 Gbit/s by default).");

  Bind<PlatformSpec> p("The simulated network: regions of hosts joined by a backbone.");
  p.objects("regions", &PlatformSpec::regions, region).non_empty().max_size(kMaxListItems)
      .def(json::array({{{"name", "eu"}}}))
      .doc("The regions; names must be unique.");
  p.field("inter_region_latency_s", &PlatformSpec::inter_region_latency_s, Type::number().ge(0).le(kMaxDelayS)).def(0.05)
      .unit("s").doc("One-way backbone latency between any two regions.");
  p.field("inter_region_bandwidth_Bps", &PlatformSpec::inter_region_bandwidth_Bps,
          Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(1.25e9).unit("B/s")
      .doc("Backbone bandwidth between any two regions.");
  p.field("tcp_window_bytes", &PlatformSpec::tcp_window_bytes, Type::number().ge(1).le(kMaxBytes)).def(4194304).unit("B")
      .doc("TCP window: caps one flow at window / (2 * latency).");
  return p;
}

// roles: a JSON grouping of Scenario's role members.
Bind<Scenario> roles() {
  Bind<ClientRoleSpec> client("The client hosts that submit requests; the arrival rate is split among them.");
  client.field("regions", &ClientRoleSpec::regions,
               Type::array_of(Type::string().non_empty()).non_empty().max_size(kMaxListItems))
      .optional("the first region, once").doc("One client host per entry (a region may repeat).");

  Bind<Scenario> r("The nodes of the network, by role.");
  // Each node role declares its own section (sim/roles/<role>/<role>_schema.cpp), in roster order.
  for (const NodeRole& role : node_roles()) role.declare(r);
  r.object("client", &Scenario::clients, client).def(json::object()).doc("Client hosts.");
  return r;
}

Bind<RouterSpec> router() {
  Bind<RouterSpec> r("Where requests go: the router picks an inference node for each request.");
  r.field("policy", &RouterSpec::policy,
          registry_variant("How the router picks a node (models/policy/router_policy_registry.cpp).", policy::router_policies()),
          [](const json& v, const ReadAt& at) { return typed_spec(v, policy::router_policies(), at); })
      .def(json{{"type", "least_outstanding"}})
      .doc("Routing policy. A bare name (\"random\") is still accepted, with a deprecation warning, for one release.");
  r.field("view", &RouterSpec::view,
          registry_variant("What load the router believes each node has when it decides (models/policy/router_view.hpp).",
                           policy::router_views()),
          [](const json& v, const ReadAt& at) { return typed_spec(v, policy::router_views(), at); })
      .def(json{{"type", "exact"}})
      .doc("The router's view of node load: exact (instantly known), periodic (refreshed every period_s) or piggyback "
           "(as nodes last reported it on a response).");
  r.choice("placement", &RouterSpec::placement, kRouterPlacements).def("gateway")
      .doc("gateway: one router host; client: every client routes by itself.");
  r.field("region", &RouterSpec::region, Type::string().non_empty()).optional("the first region")
      .doc("Region of the gateway host.");
  r.field("decision_s", &RouterSpec::decision_s, Type::number().ge(0)).def(0.0).unit("s")
      .doc("Time the router spends on one decision.");
  r.field("queue_limit", &RouterSpec::queue_limit, Type::integer().ge(1).nullable()).def(nullptr)
      .doc("central_queue: most requests waiting at the router; null means unlimited.");
  return r;
}

Bind<WorkloadSpec> workload() {
  Bind<RequestClassSpec> cls("A class of requests.");
  cls.field("name", &RequestClassSpec::name, Type::string().non_empty()).doc("Class name (unique; traces refer to it).");
  cls.field("weight", &RequestClassSpec::weight, Type::number().gt(0).le(1e12)).def(1.0)
      .doc("Relative share of open-loop arrivals.");
  cls.object("verification", &RequestClassSpec::verification, verification_modes()).def(json{{"type", "vanilla"}})
      .doc("How the class's results are proven (models/proof): vanilla none; tee an enclave slows inference "
           "(x1.07, all work of a node that serves a tee class: confidential-computing mode) and signs; zkml an EZKL-like proof, proving time from the model's parameter count; zk_crv a "
           "lighter proof with a challenge window. zkml and zk_crv refuse models above 5e6 parameters. A bare name "
           "(\"tee\") is still accepted, with a deprecation warning, for one release.");
  cls.field("model_parameters", &RequestClassSpec::model_parameters, Type::number().ge(0).le(1e15)).def(0.0)
      .doc("Parameters of the model this class runs, for zkml and zk_crv proof costs; 0 means the gpu service's "
           "catalog model (required for zkml and zk_crv with the other service types).");
  cls.field("needs_data", &RequestClassSpec::needs_data, Type::boolean()).def(false)
      .doc("Each request first fetches outside data from a data node (roles.data), then queues for inference; "
           "needs roles.data.count >= 1.");
  cls.field("model", &RequestClassSpec::model, Type::string().non_empty()).optional("any node")
      .doc("The model the class needs: the router sends it only to nodes of pools serving it "
           "(roles.inference.pools[].model; without pools, the gpu service's model).");

  Bind<WorkloadSpec> w("What the users ask for and when.");
  w.object("arrivals", &WorkloadSpec::arrivals, arrival_processes()).def(json{{"type", "poisson"}})
      .doc("Arrival process.");
  // Medians of the Azure LLM inference trace 2023 (conversation): 1020 prompt, 129 output tokens.
  w.object("prompt_tokens", &WorkloadSpec::prompt_tokens, token_distributions())
      .def(json{{"type", "lognormal"}, {"median", 1020}, {"sigma", 1.0}, {"max", 16384}})
      .doc("Prompt length per request.");
  w.object("output_tokens", &WorkloadSpec::output_tokens, token_distributions())
      .def(json{{"type", "lognormal"}, {"median", 129}, {"sigma", 1.0}, {"max", 4096}})
      .doc("Output length per request.");
  w.objects("classes", &WorkloadSpec::classes, cls).non_empty().max_size(kMaxListItems)
      .def(json::array({{{"name", "default"}, {"weight", 1.0}}}))
      .doc("Request classes; names must be unique.");
  w.field("timeout_s", &WorkloadSpec::timeout_s, Type::number().ge(kMinPeriodS)).def(300.0).unit("s")
      .doc("A request not done this long after submission ends timed_out.");
  w.field("bytes_per_token", &WorkloadSpec::bytes_per_token, Type::number().gt(0).le(kMaxBytesPerToken)).def(4.0).unit("B")
      .doc("Payload bytes per token.");
  w.field("payload_overhead_bytes", &WorkloadSpec::payload_overhead_bytes, Type::number().ge(0).le(kMaxBytes)).def(512.0)
      .unit("B").doc("Bytes added to every payload (headers, signatures).");
  return w;
}

// Defaults are models/proof's, with their sources there (opengradient-notes §3c, §3d).
Bind<proof::ProofConfig> proof_binding() {
  using proof::ProofConfig;
  using proof::TeeConfig;
  using proof::ZkCrvConfig;
  using proof::ZkmlConfig;
  Bind<TeeConfig> tee("TEE attestation (an enclave runs the inference and signs the result).");
  tee.field("inference_slowdown", &TeeConfig::inference_slowdown, Type::number().ge(1).le(1000)).def(1.07)
      .doc("Inference time multiplier inside the enclave (1.07: H100 confidential computing, < 7 %; "
           "OpenGradient's docs say 2-3).");
  tee.field("sign_s", &TeeConfig::sign_s, Type::number().ge(0).le(kMaxDelayS)).def(42e-6).unit("s")
      .doc("Signing the result (Nitro ECDSA p50).");
  tee.field("attestation_check_s", &TeeConfig::attestation_check_s, Type::number().ge(0).le(kMaxDelayS)).def(3e-3).unit("s")
      .doc("Checking an attestation on a verifier core (assumed: no published figure).");
  tee.field("detection_probability", &TeeConfig::detection_probability, Type::number().ge(0).le(1)).def(1.0)
      .doc("Chance that checking the attestation exposes a wrong result from a malicious node (assumed 1: the "
           "signature binds the output to the enclave's measured code).");
  Bind<ZkmlConfig> zkml("ZKML proofs (EZKL-like; times from the EZKL table by model size).");
  zkml.field("prover_speed_factor", &ZkmlConfig::prover_speed_factor, Type::number().ge(1e-6).le(1e6)).def(1.0)
      .doc("Prover hardware speed relative to the laptop of the EZKL table (2: proves twice as fast).");
  zkml.field("verifier_speed_factor", &ZkmlConfig::verifier_speed_factor, Type::number().ge(1e-6).le(1e6)).def(1.0)
      .doc("The same for verification.");
  zkml.field("provers_per_node", &ZkmlConfig::provers_per_node, Type::integer().ge(1).le(kMaxSlots)).def(8)
      .doc("Proofs (zkml and zk_crv) one inference node produces at once; more wait FIFO (assumed: sweep it).");
  zkml.field("max_provable_parameters", &ZkmlConfig::max_provable_parameters, Type::number().gt(0)).def(5e6)
      .doc("Largest model a zkml class may use; above it the scenario is refused.");
  zkml.field("detection_probability", &ZkmlConfig::detection_probability, Type::number().ge(0).le(1)).def(1.0)
      .doc("Chance that verification rejects a wrong result (1: a SNARK is sound).");
  Bind<ZkCrvConfig> crv("ZK-CRV: a lighter proof with a challenge window (fractions of a zkml proof; assumptions).");
  crv.field("proving_fraction", &ZkCrvConfig::proving_fraction, Type::number().gt(0).le(1)).def(0.1)
      .doc("Proving time as a fraction of zkml's.");
  crv.field("verify_fraction", &ZkCrvConfig::verify_fraction, Type::number().gt(0).le(1)).def(0.1)
      .doc("Verification time as a fraction of zkml's.");
  crv.field("challenge_window_s", &ZkCrvConfig::challenge_window_s, Type::number().ge(0).le(kMaxDurationS)).def(600.0)
      .unit("s").doc("Time in which a result may be challenged.");
  crv.field("max_provable_parameters", &ZkCrvConfig::max_provable_parameters, Type::number().gt(0)).def(5e6)
      .doc("Largest model a zk_crv class may use.");
  crv.field("detection_probability", &ZkCrvConfig::detection_probability, Type::number().ge(0).le(1)).def(0.9)
      .doc("Chance that a wrong result is challenged in the window and caught (assumed 0.9: optimistic schemes "
           "catch fraud only when a watcher challenges in time).");
  Bind<ProofConfig> p("What proofs and attestations cost, per verification mode (workload.classes[].verification).");
  p.choice("placement", &ProofConfig::placement, kProofPlacements).def("node")
      .doc("Where zkml and zk_crv proofs are made: node (the inference node's own provers, "
           "proof.zkml.provers_per_node) or provers (dedicated prover nodes, roles.prover).");
  p.object("tee", &ProofConfig::tee, tee).def(json::object()).doc("TEE costs.");
  p.object("zkml", &ProofConfig::zkml, zkml).def(json::object()).doc("ZKML costs.");
  p.object("zk_crv", &ProofConfig::zk_crv, crv).def(json::object()).doc("ZK-CRV costs.");
  return p;
}

// Semantics are models/faults/fault_schedule.hpp's (what each role loses at a crash is tabled there).
Bind<FaultsSpec> faults_binding() {
  using faults::FaultEvent;
  using faults::FaultProcess;
  Bind<FaultEvent> ev("One fault at a given time, on a node (role + index) or, for region_cut and region_restore, on a "
                      "region.");
  ev.field("time_s", &FaultEvent::time_s, Type::number().ge(0).le(kMaxDurationS)).unit("s").doc("When it happens.");
  ev.choice("kind", &FaultEvent::kind, kFaultKinds)
      .doc("crash: the node stops and loses its work in flight; recover: it works again (empty); region_cut / "
           "region_restore: every link into and out of the region goes down / comes back; slow_start / slow_end: "
           "the node's work takes factor times longer; malicious_start / malicious_end: an inference node returns "
           "invalid results with probability factor; payment_chain_down / payment_chain_up: the x402 payment chain "
           "(economy.payments.type x402; no role, index or region) is unreachable / back: the gateway refuses new "
           "requests and charges wait for its first block after it.");
  // role, index and region make the target together (target_of below), so they are not bound alone.
  // Default: the first role in roster order, the one every scenario has nodes of.
  ev.unbound("role", Type::one_of(node_role_names())).def(std::string(node_roles().front().name))
      .doc("Role of the target node (not used by region kinds).");
  ev.unbound("index", Type::integer().ge(0).le(kMaxNodesPerRole)).optional("-")
      .doc("Which node of the role (0-based, < its count); required for node kinds, not allowed for region kinds.");
  ev.unbound("region", Type::string().non_empty()).optional("-")
      .doc("The region, for region_cut and region_restore only (a platform region).");
  ev.field("factor", &FaultEvent::factor, Type::number().gt(0).le(1000)).def(1.0)
      .doc("slow_start: the slowdown (>= 1); malicious_start: the fraction of invalid results (0, 1]; unused "
           "otherwise.");
  // Derived: the target is a region when one is named, else the node role[index] (index < the
  // role's count, checked by the rules); and the event remembers its path for the model's errors.
  ev.after([](FaultEvent& e, const json& v, const ReadAt& at) {
    if (faults::is_payment_chain_kind(e.kind)) {
      e.target = faults::Target::payment_chain();
    } else if (v.contains("region")) {
      e.target.region = v["region"];
    } else {
      e.target.role = fault_role(v["role"]);
      e.target.index = config::Convert<std::uint32_t>::read(v["index"], at.key("index"));
    }
    e.source = at.path.dotted();
  });

  Bind<FaultProcess> pr("Random faults: every selected node (or region) alternates between up for a time-to-failure draw "
                        "and faulty for a time-to-repair draw, each on its own random stream.");
  pr.choice("kind", &FaultProcess::kind, kFaultProcessKinds).def("crash")
      .doc("What fails: crash / recover, slow_start / slow_end, malicious_start / malicious_end (inference nodes "
           "only), or region_cut / region_restore.");
  pr.field("role", member(&FaultProcess::select, &faults::Selector::role), Type::one_of(node_role_names()),
           [](const json& v) { return std::optional<Role>(fault_role(v)); })
      .optional("every role").doc("Only nodes of this role (not used by region_cut).");
  pr.field("region", member(&FaultProcess::select, &faults::Selector::region), Type::string().non_empty())
      .optional("every region").doc("Only nodes in this region; region_cut: only this region is cut.");
  // Before mttf_s: reading the distribution resets the whole time-to-failure Duration.
  pr.object("distribution", &FaultProcess::time_to_failure, fault_time_distributions())
      .def(json{{"type", "exponential"}})
      .doc("Distribution of both times, with those means. A bare name (\"weibull\", with shape beside it) is still "
           "accepted, with a deprecation warning, for one release.");
  pr.field("mttf_s", member(&FaultProcess::time_to_failure, &faults::Duration::mean_s), Type::number().ge(kMinPeriodS))
      .unit("s").doc("Mean time to failure of one node.");
  pr.field("mttr_s", member(&FaultProcess::time_to_repair, &faults::Duration::mean_s), Type::number().ge(kMinPeriodS))
      .unit("s").doc("Mean time to repair.");
  pr.field("factor", &FaultProcess::factor, Type::number().gt(0).le(1000)).def(1.0)
      .doc("slow: the slowdown (>= 1); malicious: the fraction of invalid results (0, 1]; unused otherwise.");
  pr.field("start_s", &FaultProcess::start_s, Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s")
      .doc("Failures are drawn from this time on.");
  // Derived: one distribution and shape for both times (declared once, on the time to failure).
  pr.after([](FaultProcess& p, const json&, const ReadAt&) {
    p.time_to_repair.type = p.time_to_failure.type;
    p.time_to_repair.shape = p.time_to_failure.shape;
  });

  Bind<FaultsSpec> f("Faults injected during the run (models/faults): crashes and recoveries of nodes of any role, "
                     "slow and malicious nodes, and regions cut off from the network; listed at fixed times or drawn "
                     "from random failure/repair processes.");
  f.objects("events", &FaultsSpec::events, ev).max_size(kMaxFaultEvents).def(json::array())
      .doc("Faults at fixed times, in any order.");
  f.objects("processes", &FaultsSpec::processes, pr).max_size(kMaxListItems).def(json::array())
      .doc("Random fault processes.");
  return f;
}

Bind<Scenario> build() {
  Bind<Scenario> s("A load scenario: the network, its nodes, the workload and how long to run.");
  s.field("name", &Scenario::name, Type::string().non_empty()).optional("the file name without .json")
      .doc("Scenario name, copied to outputs.");
  s.field("description", &Scenario::description, Type::string()).def("").doc("Free text for people.");
  // Consumed by the loader before validation (config/extends.hpp); documented and allowed here.
  s.unbound("extends", Type::string()).optional("none")
      .doc("Base scenario file (relative to this file) that this file patches (RFC 7386 merge patch).");
  s.field("seed", &Scenario::seed, Type::integer().ge(0)).def(1).doc("Root of every random stream; same seed, same results.");
  s.field("duration_s", &Scenario::duration_s, Type::number().ge(kMinPeriodS).le(kMaxDurationS)).def(600.0).unit("s")
      .doc("Arrivals happen in [0, duration_s).");
  s.field("warmup_s", &Scenario::warmup_s, Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s")
      .doc("Requests submitted before this time are left out of statistics (< duration_s).");
  s.field("drain_s", &Scenario::drain_s, Type::number().ge(0).le(kMaxDurationS)).def(600.0).unit("s")
      .doc("After duration_s, in-flight requests may finish for this long.");
  s.object("platform", &Scenario::platform, platform()).def(json::object()).doc("The simulated network.");
  s.section("roles", roles()).def(json::object()).doc("The nodes, by role.");
  s.object("router", &Scenario::router, router()).def(json::object()).doc("Request routing.");
  s.object("workload", &Scenario::workload, workload()).def(json::object()).doc("The requests.");
  Bind<OutputSpec> out("What the run writes besides the summary.");
  out.field("window_s", &OutputSpec::window_s, Type::number().ge(kMinPeriodS)).def(10.0).unit("s")
      .doc("Width of one timeseries.csv row.");
  out.field("slow_latency_s", &OutputSpec::slow_latency_s, Type::number().gt(0).le(kMaxDurationS))
      .optional("-").unit("s")
      .doc("Also count the measured completed requests slower than this (summary.json `latency_s.slow`). The "
           "long-horizon mode sets it to `economy.users.tolerance_latency_s` in its windows, so that a period's slow "
           "requests (which users leave over) are counted, not estimated from percentiles.");
  s.object("output", &Scenario::output, out).def(json::object()).doc("Output settings.");
  s.object("proof", &Scenario::proof, proof_binding()).def(json::object()).doc("Costs of proofs and attestations.");
  s.object("faults", &Scenario::faults, faults_binding()).def(json::object()).doc("Faults to inject (none by default).");
  s.object("economy", &Scenario::economy, economy_binding()).def(json::object()).doc("The token economy (off by default).");
  s.object("horizon", config::MemberRef<Scenario, HorizonSpec>([](Scenario& sc) -> HorizonSpec& { return sc.horizon.emplace(); }),
           horizon_binding())
      .optional("none: a request-level run").doc("The long-horizon mode (months, not minutes).");
  // Derived: poisson, ramp and phases arrivals become rate pieces, which need duration_s.
  s.after([](Scenario& sc, const json& doc, const ReadAt&) {
    resolve_rate_pieces(sc.workload.arrivals, doc["workload"]["arrivals"], sc.duration_s);
  });
  return s;
}

}  // namespace

const config::Bind<Scenario>& scenario_binding() {
  static const config::Bind<Scenario> binding = build();
  return binding;
}

const config::ObjectSchema& scenario_schema() { return scenario_binding().schema(); }

const config::Bind<proof::ProofConfig>& proof_section_binding() {
  static const config::Bind<proof::ProofConfig> binding = proof_binding();
  return binding;
}

}  // namespace opgsim
