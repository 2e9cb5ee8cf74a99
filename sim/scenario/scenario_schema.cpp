// The opgsim scenario schema (see scenario_schema.hpp). Cross-field rules that one field's
// declaration cannot express (references to region names, warmup < duration, phase forms, ...)
// live in scenario_rules.cpp.
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/scenario_limits.hpp"

#include <string>
#include <vector>

#include "models/policy/router_policy.hpp"
#include "models/policy/router_view.hpp"
#include "models/policy/verifier_assignment.hpp"
#include "models/proof/verification_mode.hpp"
#include "sim/scenario/registry_schema.hpp"

namespace opgsim {
namespace {

using config::ObjectSchema;
using config::Type;
using config::VariantSchema;
using nlohmann::json;
using namespace limits;

Type platform() {
  ObjectSchema region("One network region: its hosts share a latency and a link bandwidth.");
  region.field("name", Type::string().non_empty()).doc("Region name, referenced by roles and the router.");
  region.field("latency_s", Type::number().ge(0).le(kMaxDelayS)).def(0.001).unit("s")
      .doc("One-way latency between two hosts of this region.");
  region.field("bandwidth_Bps", Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(1.25e9).unit("B/s")
      .doc("Each host's link bandwidth (10 Gbit/s by default).");

  ObjectSchema p("The simulated network: regions of hosts joined by a backbone.");
  p.field("regions", Type::array_of(Type::object(region)).non_empty().max_size(kMaxListItems))
      .def(json::array({{{"name", "eu"}}}))
      .doc("The regions; names must be unique.");
  p.field("inter_region_latency_s", Type::number().ge(0).le(kMaxDelayS)).def(0.05).unit("s")
      .doc("One-way backbone latency between any two regions.");
  p.field("inter_region_bandwidth_Bps", Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(1.25e9).unit("B/s")
      .doc("Backbone bandwidth between any two regions.");
  p.field("tcp_window_bytes", Type::number().ge(1).le(kMaxBytes)).def(4194304).unit("B")
      .doc("TCP window: caps one flow at window / (2 * latency).");
  return Type::object(p);
}

Type service() {
  VariantSchema v("How long an inference node takes to serve a request.");
  const auto plain = [](ObjectSchema& s) {
    s.field("mean_s", Type::number().ge(kMinServiceS).le(kMaxDelayS)).def(1.0).unit("s").doc("Mean service time of one request.");
    s.field("concurrency", Type::integer().ge(1).le(kMaxSlots)).def(1).doc("Requests served at once (servers per node).");
  };
  plain(v.type("exponential", "Exponentially distributed service times (M/M/c nodes)."));
  plain(v.type("deterministic", "Every request takes exactly mean_s (M/D/c nodes)."));
  ObjectSchema& logn = v.type("lognormal", "Lognormally distributed service times.");
  logn.field("mean_s", Type::number().ge(kMinServiceS).le(kMaxDelayS)).def(1.0).unit("s").doc("Mean service time of one request.");
  logn.field("cv", Type::number().gt(0).le(100)).def(1.0).doc("Coefficient of variation (standard deviation / mean).");
  logn.field("concurrency", Type::integer().ge(1).le(kMaxSlots)).def(1).doc("Requests served at once (servers per node).");

  ObjectSchema& gpu = v.type("gpu", "Continuous batching on GPUs, step times from the GPU performance model.");
  gpu.field("gpu", Type::string().non_empty()).def("h100-sxm").doc("GPU catalog id.");
  gpu.field("model", Type::string().non_empty()).def("llama-3.1-8b").doc("Model catalog id.");
  gpu.field("precision", Type::one_of({"fp16", "bf16", "fp8"})).def("bf16").doc("Weight and activation precision.");
  gpu.field("gpus_per_node", Type::integer().ge(1).le(8)).def(1).doc("Tensor-parallel degree: GPUs serving one model replica.");
  gpu.field("max_batch", Type::integer().ge(1).le(kMaxSlots)).def(256).doc("Most sequences in one batch (vLLM max_num_seqs).");
  gpu.field("max_batched_tokens", Type::integer().ge(1).le(kMaxTokens)).def(8192).unit("tokens")
      .doc("Most tokens processed in one iteration (vLLM max_num_batched_tokens).");
  gpu.field("gpu_memory_utilization", Type::number().gt(0).le(1)).def(0.9)
      .doc("Share of GPU memory used for weights and KV cache (vLLM gpu_memory_utilization).");
  gpu.field("kv_block_tokens", Type::integer().ge(1).le(1024)).def(16).unit("tokens").doc("KV cache block size (vLLM block_size).");
  gpu.field("chunked_prefill", Type::boolean()).def(false)
      .doc("Split long prompts over iterations so that decodes are never stalled behind a whole prefill (vLLM chunked prefill).");
  gpu.field("kv_cache_dtype", Type::one_of({"auto", "fp8"})).def("auto")
      .doc("KV cache element type (vLLM kv_cache_dtype): auto keeps it 16-bit whatever the weights; fp8 halves it.");
  gpu.field("compute_efficiency", Type::number().gt(0).le(1)).def(0.5)
      .doc("Achieved / peak dense FLOP/s during prefill.");
  gpu.field("bandwidth_efficiency", Type::number().gt(0).le(1)).def(0.8)
      .doc("Achieved / peak memory bandwidth during decode.");
  gpu.field("iteration_overhead_s", Type::number().ge(0).le(kMaxDelayS)).def(0.003).unit("s")
      .doc("Fixed scheduling and kernel-launch cost per iteration.");
  gpu.field("per_sequence_overhead_s", Type::number().ge(0).le(kMaxDelayS)).def(0.0).unit("s")
      .doc("CPU-side cost (scheduling, sampling, streaming) per sequence per iteration; grows the iteration with the batch.");
  gpu.field("request_overhead_s", Type::number().ge(0).le(kMaxDelayS)).def(0.0).unit("s")
      .doc("Time the node's serving front end spends on each request before the scheduler can admit it (HTTP, chat "
           "template, tokenization); delays admission, uses no GPU time.");
  gpu.field("catalog", Type::string()).def("")
      .doc("GPU/model catalog file, relative to the scenario file that sets it; empty means the built-in one.");
  gpu.field("profile", Type::string()).def("")
      .doc("Calibration profile (`opgsim calibrate`, e.g. models/gpu/profiles/), relative to the scenario file that "
           "sets it; its fitted compute_efficiency, bandwidth_efficiency, iteration_overhead_s, "
           "per_sequence_overhead_s and request_overhead_s replace these fields. Empty means none.");
  return Type::variant(v);
}

// The region list every role has: optional, the program fills in every region.
void role_regions(ObjectSchema& s, const std::string& what) {
  s.field("regions", Type::array_of(Type::string().non_empty()).non_empty().max_size(kMaxListItems))
      .optional("all regions").doc("Regions the " + what + " are placed in, round-robin (node i in regions[i mod size]).");
}

Type verifier_role() {
  ObjectSchema v("Verifier nodes: they check proofs and attestations of classes whose verification is not vanilla, "
                 "one check per core at a time, FIFO.");
  v.field("count", Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of verifier nodes; 0 means none, and then every class must be vanilla.");
  role_regions(v, "verifiers");
  v.field("cores", Type::integer().ge(1).le(kMaxSlots)).def(8).doc("Checks one verifier runs at once (one per core).");
  v.field("policy", Type::one_of(all_names(policy::kVerifierPolicyNames))).def("least_loaded")
      .doc("Which verifier checks a proof: least_loaded (smallest expected wait), random, or round_robin.");
  return Type::object(v);
}

Type prover_role() {
  ObjectSchema p("Prover nodes: with proof.placement \"provers\" they produce the zkml and zk_crv proofs of every "
                 "inference node's results, `provers` at a time each, FIFO beyond; the inference node hands each "
                 "result over as soon as its inference is done.");
  p.field("count", Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of prover nodes; 0 means none, and then proof.placement must be node.");
  role_regions(p, "prover nodes");
  p.field("provers", Type::integer().ge(1).le(kMaxSlots)).def(8)
      .doc("Proofs one prover node produces at once (assumed, like proof.zkml.provers_per_node: sweep it).");
  p.field("speed_factor", Type::number().gt(0).le(1e6)).def(1.0)
      .doc("Proving time on a prover node x this, on top of proof.zkml.prover_speed_factor (1: the same machine "
           "as an inference node's provers; below 1 for faster proving hardware; an assumption).");
  return Type::object(p);
}

// Defaults are models/data/oracle_feed.hpp's, with their sources there (opengradient-notes §3e, §4).
Type data_role() {
  ObjectSchema pull("Pull mode: each fetch takes a lognormal time (assumed: no measured fetch time; notes say "
                    "100-500 ms).");
  pull.field("median_s", Type::number().ge(kMinServiceS).le(kMaxDelayS)).def(0.2).unit("s").doc("Median fetch time, exp(mu).");
  pull.field("sigma", Type::number().ge(0).le(10)).def(0.5).doc("Standard deviation of ln(fetch time).");

  ObjectSchema push("Push mode: a Chainlink-style feed (defaults: ETH/USD) publishing on-chain on a deviation or a "
                    "heartbeat; the source's true value is a driftless geometric random walk.");
  push.field("heartbeat_s", Type::number().ge(kMinPeriodS)).def(3600.0).unit("s")
      .doc("Longest time between two publications (ETH/USD: 1 h).");
  push.field("deviation", Type::number().gt(0)).def(0.005)
      .doc("Relative change of the value that triggers a publication (0.005 = 0.5 %; ETH/USD unconfirmed).");
  push.field("landing_delay_s", Type::number().ge(0).le(kMaxDelayS)).def(40.0).unit("s")
      .doc("From observing the value to it being readable on chain (about 40 s, notes §3e).");
  push.field("initial_value", Type::number().gt(0)).def(1.0).doc("The source's value at time 0.");
  push.field("volatility_per_sqrt_s", Type::number().ge(0)).def(1.25e-4).unit("1/sqrt(s)")
      .doc("Volatility of the walk (assumed: ETH at ~70 %/year, about 0.75 % per hour).");
  push.field("step_s", Type::number().ge(kMinPeriodS)).def(1.0).unit("s").doc("Time grid on which the walk is sampled and the "
                                                                     "deviation checked.");

  ObjectSchema d("Data nodes: they bring outside data (prices, ...) to requests of classes with needs_data.");
  d.field("count", Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of data nodes; 0 means none, and then no class may have needs_data.");
  role_regions(d, "data nodes");
  d.field("mode", Type::one_of({"pull", "push"})).def("pull")
      .doc("pull: the request fetches the value when it needs it (fresh data, fetch latency); push: it reads the "
           "newest value the feed landed on chain (fast read, data as old as the feed).");
  d.field("concurrency", Type::integer().ge(1).le(kMaxSlots)).def(64).doc("Fetches one data node serves at once (FIFO beyond).");
  d.field("pull", Type::object(pull)).def(json::object()).doc("Pull-mode fetch time.");
  d.field("push", Type::object(push)).def(json::object()).doc("Push-mode feed.");
  d.field("push_read_s", Type::number().ge(0).le(kMaxDelayS)).def(0.05).unit("s")
      .doc("Push mode: reading the landed value from chain state (assumed).");
  return Type::object(d);
}

// Defaults are models/storage/blob_store.hpp's: the Walrus fit of opengradient-notes §4 from the
// testnet numbers of §3f (arXiv 2505.05370 §7).
Type storage_role() {
  ObjectSchema s("Storage nodes: Walrus-like off-chain blobs (results and proofs written after inference; model "
                 "weights read on a cold start). Read time = max(read_min_s, size / read_bandwidth_Bps); write time "
                 "= max(write_min_s, size * replication / write_encoded_bandwidth_Bps).");
  s.field("count", Type::integer().ge(0).le(kMaxNodesPerRole)).def(0).doc("Number of storage nodes; 0 means nothing is stored.");
  role_regions(s, "storage nodes");
  s.field("read_min_s", Type::number().ge(0).le(kMaxDelayS)).def(2.0).unit("s").doc("Shortest read (Walrus: p50 < 15 s under 20 MB).");
  s.field("read_bandwidth_Bps", Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(4.5e6).unit("B/s")
      .doc("Read rate of one blob (Walrus: about 30 s at 130 MB).");
  s.field("write_min_s", Type::number().ge(0).le(kMaxDelayS)).def(10.0).unit("s").doc("Shortest write.");
  s.field("write_encoded_bandwidth_Bps", Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(4.5e6).unit("B/s")
      .doc("Upload rate of erasure-coded bytes (Walrus: ~1 MB/s of blob bytes, a secondary reading).");
  s.field("replication", Type::number().ge(1).le(100)).def(4.5)
      .doc("Erasure-coding overhead: stored bytes per blob byte (Walrus: 4.5).");
  s.field("client_write_cap_Bps", Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(18e6).unit("B/s")
      .doc("One client's aggregate write throughput (Walrus: levels off at about 18 MB/s).");
  s.field("client_read_cap_Bps", Type::number().ge(kMinBandwidthBps).le(kMaxBandwidthBps)).def(18e6).unit("B/s")
      .doc("One client's aggregate read throughput (assumed equal to the write cap).");
  return Type::object(s);
}

// Defaults are models/chain's: consensus.hpp (CometBFT, notes §3g), settlement_batcher.hpp
// (inference-facilitator, notes §1.5), fee_market.hpp (og-evm x/feemarket, notes §1.4, §3h).
Type validator_role() {
  ObjectSchema st("How the facilitator turns settled requests into settlement transactions.");
  st.field("mode", Type::one_of({"per_request", "batched"})).def("batched")
      .doc("per_request: one transaction per request (checks the TEE signature on chain); batched: one Merkle-root "
           "transaction per batch (the facilitator's default).");
  st.field("batch_size", Type::integer().ge(1).le(kMaxSettlementBatch)).def(20)
      .doc("batched: a full buffer is flushed (facilitator DATA_SETTLEMENT_BATCH_BUFFER_SIZE).");
  // 0, not null, disables: a null in a file or --set deletes the key, so the default would apply.
  st.field("idle_s", Type::number().ge(0).le(kMaxDelayS)).def(300.0).unit("s")
      .doc("batched: flush when no request arrived for this long (facilitator: 5 min); 0 disables it.");
  st.field("max_age_s", Type::number().ge(0).le(kMaxDelayS)).def(900.0).unit("s")
      .doc("batched: flush when the oldest buffered request is this old (facilitator: 15 min); 0 disables it.");
  st.field("base_gas", Type::integer().ge(0).le(kMaxGas)).def(50000).unit("gas")
      .doc("Gas of one settlement transaction (assumed: 21,000 intrinsic + 20,000 storage slot + calldata).");
  st.field("per_item_gas", Type::integer().ge(0).le(kMaxGas)).def(0).unit("gas")
      .doc("Extra gas per request in a transaction (batchSettle stores only the root: 0).");
  st.field("individual_verify_gas", Type::integer().ge(0).le(kMaxGas)).def(20000).unit("gas")
      .doc("per_request: extra gas per request for the RSA-PSS signature check (og-evm precompile: 20,000).");

  ObjectSchema fm("EIP-1559 base fee of the settlement chain (og-evm x/feemarket defaults).");
  fm.field("no_base_fee", Type::boolean()).def(false)
      .doc("The base fee is always 0 (og-evm's example genesis sets NoBaseFee).");
  fm.field("initial_base_fee_wei", Type::integer().ge(0).le(kMaxFeeWei)).def(1000000000).unit("wei")
      .doc("Base fee of the first block (feemarket default: 1 gwei); >= min_base_fee_wei.");
  fm.field("gas_limit", Type::integer().ge(1).le(kMaxGas)).def(10000000).unit("gas")
      .doc("Block gas limit (og-evm devnet); >= elasticity, and every settlement transaction must fit.");
  fm.field("elasticity", Type::integer().ge(1).le(1000)).def(2).doc("ElasticityMultiplier: the gas target is gas_limit / elasticity.");
  fm.field("denominator", Type::integer().ge(1).le(1000000)).def(8)
      .doc("BaseFeeChangeDenominator: the base fee moves at most 1/denominator per block.");
  fm.field("min_base_fee_wei", Type::integer().ge(0).le(kMaxFeeWei)).def(0).unit("wei")
      .doc("Floor of a falling base fee (Cosmos EVM MinGasPrice).");

  ObjectSchema v("Validators: the settlement chain (CometBFT-like consensus, blocks, fee market) and the "
                 "facilitator that batches settlements.");
  v.field("count", Type::integer().ge(0).le(kMaxNodesPerRole)).def(0)
      .doc("Number of validators; 0 means no settlement (no settle stage, no finality).");
  role_regions(v, "validators");
  v.field("block_time_s", Type::number().ge(kMinPeriodS).le(kMaxDelayS)).def(10.0).unit("s")
      .doc("Time between commits when round 0 succeeds (whitepaper figure, secondary; og-evm devnet runs ~1 s).");
  v.field("timeout_propose_s", Type::number().ge(0).le(kMaxDelayS)).def(3.0).unit("s")
      .doc("Wait for a failed proposer before moving to the next round (CometBFT default).");
  v.field("timeout_propose_delta_s", Type::number().ge(0).le(kMaxDelayS)).def(0.5).unit("s")
      .doc("Added to timeout_propose_s per round (CometBFT default).");
  v.field("proposer_fault_prob", Type::number().ge(0).le(1)).def(0.0)
      .doc("Probability that an up proposer still fails its round.");
  v.field("settlement", Type::object(st)).def(json::object()).doc("Settlement batching.");
  v.field("fee_market", Type::object(fm)).def(json::object()).doc("Base fee and block gas limit.");
  return Type::object(v);
}

Type roles() {
  ObjectSchema inf("The inference nodes.");
  inf.field("count", Type::integer().ge(1).le(kMaxNodesPerRole)).def(8).doc("Number of inference nodes.");
  role_regions(inf, "nodes");
  inf.field("service", service()).def(json{{"type", "exponential"}}).doc("Service-time model of each node.");
  inf.field("queue_limit", Type::integer().ge(1).le(kMaxQueue).nullable()).def(nullptr)
      .doc("Most requests waiting at one node (beyond them: rejected); null means unlimited.");
  inf.field("cold_start", Type::boolean()).def(false)
      .doc("Nodes start without the model and load it from a storage node (at time 0 and after every recovery); "
           "the router skips a node until its load is done. Needs roles.storage.count >= 1.");
  inf.field("model_bytes", Type::number().ge(0).le(kMaxBytes)).def(0.0).unit("B")
      .doc("Size of the weights a cold start loads; 0 means the gpu service's model weights from the catalog "
           "(required > 0 with the other service types).");

  ObjectSchema client("The client hosts that submit requests; the arrival rate is split among them.");
  client.field("regions", Type::array_of(Type::string().non_empty()).non_empty().max_size(kMaxListItems))
      .optional("the first region, once").doc("One client host per entry (a region may repeat).");

  ObjectSchema r("The nodes of the network, by role.");
  r.field("inference", Type::object(inf)).def(json::object()).doc("Inference nodes.");
  r.field("verifier", verifier_role()).def(json::object()).doc("Verifier nodes (none by default).");
  r.field("data", data_role()).def(json::object()).doc("Data nodes (none by default).");
  r.field("storage", storage_role()).def(json::object()).doc("Storage nodes (none by default).");
  r.field("validator", validator_role()).def(json::object()).doc("Validators and settlement (none by default).");
  r.field("prover", prover_role()).def(json::object()).doc("Dedicated prover nodes (none by default).");
  r.field("client", Type::object(client)).def(json::object()).doc("Client hosts.");
  return Type::object(r);
}

Type router() {
  ObjectSchema r("Where requests go: the router picks an inference node for each request.");
  r.field("policy", registry_variant("How the router picks a node (models/policy/router_policy_registry.cpp).",
                                     policy::router_policies()))
      .def(json{{"type", "least_outstanding"}})
      .doc("Routing policy. A bare name (\"random\") is still accepted, with a deprecation warning, for one release.");
  r.field("view", registry_variant("What load the router believes each node has when it decides (models/policy/router_view.hpp).",
                                   policy::router_views()))
      .def(json{{"type", "exact"}})
      .doc("The router's view of node load: exact (instantly known), periodic (refreshed every period_s) or piggyback "
           "(as nodes last reported it on a response).");
  r.field("placement", Type::one_of({"gateway", "client"})).def("gateway")
      .doc("gateway: one router host; client: every client routes by itself.");
  r.field("region", Type::string().non_empty()).optional("the first region").doc("Region of the gateway host.");
  r.field("decision_s", Type::number().ge(0)).def(0.0).unit("s").doc("Time the router spends on one decision.");
  r.field("queue_limit", Type::integer().ge(1).nullable()).def(nullptr)
      .doc("central_queue: most requests waiting at the router; null means unlimited.");
  return Type::object(r);
}

Type arrivals() {
  VariantSchema v("When requests arrive.");
  v.type("poisson", "Poisson arrivals at a constant rate for duration_s.")
      .field("rate_rps", Type::number().gt(0).le(kMaxRateRps)).def(10.0).unit("1/s").doc("Arrival rate.");
  ObjectSchema& ramp = v.type("ramp", "Poisson arrivals whose rate moves linearly over duration_s.");
  ramp.field("from_rps", Type::number().ge(0).le(kMaxRateRps)).unit("1/s").doc("Rate at time 0.");
  ramp.field("to_rps", Type::number().ge(0).le(kMaxRateRps)).unit("1/s").doc("Rate at duration_s.");

  ObjectSchema phase("One phase: give rate_rps (constant) or from_rps and to_rps (linear), not both.");
  phase.field("duration_s", Type::number().ge(kMinPeriodS).le(kMaxDurationS)).unit("s").doc("Length of the phase.");
  phase.field("rate_rps", Type::number().ge(0).le(kMaxRateRps)).optional("-").unit("1/s").doc("Constant rate of the phase.");
  phase.field("from_rps", Type::number().ge(0).le(kMaxRateRps)).optional("-").unit("1/s").doc("Rate at the start of the phase.");
  phase.field("to_rps", Type::number().ge(0).le(kMaxRateRps)).optional("-").unit("1/s").doc("Rate at the end of the phase.");
  v.type("phases", "Poisson arrivals over a piecewise rate, one phase after another.")
      .field("phases", Type::array_of(Type::object(phase)).non_empty().max_size(kMaxListItems)).doc("The phases, in time order.");

  ObjectSchema& trace = v.type("trace", "Replays recorded arrivals from a file.");
  trace.field("file", Type::string().non_empty()).doc("Trace file, relative to the scenario file that sets it.");
  trace.field("format", Type::one_of({"opgsim", "azure"})).def("opgsim").doc("File format.");
  trace.field("time_scale", Type::number().ge(1e-6).le(1e6)).def(1.0).doc("Multiplies every time (0.5 replays twice as fast).");

  ObjectSchema& closed = v.type("closed",
      "Closed loop: a fixed number of users, each sending its next request when its previous one has ended "
      "(answered, rejected, or given up at workload.timeout_s), after a think time; how serving benchmarks "
      "measure at a fixed concurrency.");
  closed.field("users", Type::integer().ge(1).le(kMaxClosedUsers)).def(1).doc("Users in all, split evenly over the clients.");
  closed.field("think_time_s", Type::number().ge(0).le(kMaxDelayS)).def(0.0).unit("s").doc("Mean pause between the end of a request and the user's next one.");
  closed.field("think_time_distribution", Type::one_of({"exponential", "constant"})).def("exponential")
      .doc("Pauses drawn from an exponential distribution with that mean, or all equal to it.");
  closed.field("start_spread_s", Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s")
      .doc("Users send their first request at times drawn uniformly over [0, start_spread_s).");
  v.type("users",
         "Open-loop arrivals from the token economy's user population (economy.users): Poisson at active users x "
         "requests_per_user_per_s, the rate reset every economy.epoch_s as cohorts come back or leave and new users "
         "arrive. Needs economy.enabled.");
  closed.field("retry_delay_s", Type::number().ge(kMinPeriodS).le(kMaxDelayS)).def(1.0).unit("s")
      .doc("After a rejected or failed request a user waits at least this long (clients back off on errors).");
  return Type::variant(v);
}

Type tokens() {
  VariantSchema v("A distribution of token counts.");
  v.type("constant", "Always the same count.")
      .field("value", Type::integer().ge(1).le(kMaxTokens)).unit("tokens").doc("The count.");
  ObjectSchema& u = v.type("uniform", "Integers drawn uniformly from [min, max].");
  u.field("min", Type::integer().ge(1).le(kMaxTokens)).unit("tokens").doc("Smallest count.");
  u.field("max", Type::integer().ge(1).le(kMaxTokens)).unit("tokens").doc("Largest count (>= min).");
  ObjectSchema& l = v.type("lognormal", "Lognormal counts, rounded and clamped to [min, max].");
  l.field("median", Type::number().gt(0).le(kMaxTokens)).unit("tokens").doc("Median count, exp(mu).");
  l.field("sigma", Type::number().ge(0).le(10)).doc("Standard deviation of ln(count).");
  l.field("min", Type::integer().ge(1).le(kMaxTokens)).def(1).unit("tokens").doc("Clamp: smallest count.");
  l.field("max", Type::integer().ge(1).le(kMaxTokens)).def(1000000).unit("tokens").doc("Clamp: largest count (>= min).");
  return Type::variant(v);
}

Type workload() {
  ObjectSchema cls("A class of requests.");
  cls.field("name", Type::string().non_empty()).doc("Class name (unique; traces refer to it).");
  cls.field("weight", Type::number().gt(0).le(1e12)).def(1.0).doc("Relative share of open-loop arrivals.");
  cls.field("verification", Type::one_of(all_names(proof::kVerificationModeNames))).def("vanilla")
      .doc("How the class's results are proven (models/proof): vanilla none; tee an enclave slows inference "
           "(x1.07, all work of a node that serves a tee class: confidential-computing mode) and signs; zkml an EZKL-like proof, proving time from the model's parameter count; zk_crv a "
           "lighter proof with a challenge window. zkml and zk_crv refuse models above 5e6 parameters.");
  cls.field("model_parameters", Type::number().ge(0).le(1e15)).def(0.0)
      .doc("Parameters of the model this class runs, for zkml and zk_crv proof costs; 0 means the gpu service's "
           "catalog model (required for zkml and zk_crv with the other service types).");
  cls.field("needs_data", Type::boolean()).def(false)
      .doc("Each request first fetches outside data from a data node (roles.data), then queues for inference; "
           "needs roles.data.count >= 1.");

  ObjectSchema w("What the users ask for and when.");
  w.field("arrivals", arrivals()).def(json{{"type", "poisson"}}).doc("Arrival process.");
  // Medians of the Azure LLM inference trace 2023 (conversation): 1020 prompt, 129 output tokens.
  w.field("prompt_tokens", tokens())
      .def(json{{"type", "lognormal"}, {"median", 1020}, {"sigma", 1.0}, {"max", 16384}})
      .doc("Prompt length per request.");
  w.field("output_tokens", tokens())
      .def(json{{"type", "lognormal"}, {"median", 129}, {"sigma", 1.0}, {"max", 4096}})
      .doc("Output length per request.");
  w.field("classes", Type::array_of(Type::object(cls)).non_empty().max_size(kMaxListItems))
      .def(json::array({{{"name", "default"}, {"weight", 1.0}}}))
      .doc("Request classes; names must be unique.");
  w.field("timeout_s", Type::number().ge(kMinPeriodS)).def(300.0).unit("s")
      .doc("A request not done this long after submission ends timed_out.");
  w.field("bytes_per_token", Type::number().gt(0).le(kMaxBytesPerToken)).def(4.0).unit("B").doc("Payload bytes per token.");
  w.field("payload_overhead_bytes", Type::number().ge(0).le(kMaxBytes)).def(512.0).unit("B")
      .doc("Bytes added to every payload (headers, signatures).");
  return Type::object(w);
}

// Defaults are models/proof's, with their sources there (opengradient-notes §3c, §3d).
Type proof() {
  ObjectSchema tee("TEE attestation (an enclave runs the inference and signs the result).");
  tee.field("inference_slowdown", Type::number().ge(1).le(1000)).def(1.07)
      .doc("Inference time multiplier inside the enclave (1.07: H100 confidential computing, < 7 %; "
           "OpenGradient's docs say 2-3).");
  tee.field("sign_s", Type::number().ge(0).le(kMaxDelayS)).def(42e-6).unit("s").doc("Signing the result (Nitro ECDSA p50).");
  tee.field("attestation_check_s", Type::number().ge(0).le(kMaxDelayS)).def(3e-3).unit("s")
      .doc("Checking an attestation on a verifier core (assumed: no published figure).");
  tee.field("detection_probability", Type::number().ge(0).le(1)).def(1.0)
      .doc("Chance that checking the attestation exposes a wrong result from a malicious node (assumed 1: the "
           "signature binds the output to the enclave's measured code).");
  ObjectSchema zkml("ZKML proofs (EZKL-like; times from the EZKL table by model size).");
  zkml.field("prover_speed_factor", Type::number().ge(1e-6).le(1e6)).def(1.0)
      .doc("Prover hardware speed relative to the laptop of the EZKL table (2: proves twice as fast).");
  zkml.field("verifier_speed_factor", Type::number().ge(1e-6).le(1e6)).def(1.0).doc("The same for verification.");
  zkml.field("provers_per_node", Type::integer().ge(1).le(kMaxSlots)).def(8)
      .doc("Proofs (zkml and zk_crv) one inference node produces at once; more wait FIFO (assumed: sweep it).");
  zkml.field("max_provable_parameters", Type::number().gt(0)).def(5e6)
      .doc("Largest model a zkml class may use; above it the scenario is refused.");
  zkml.field("detection_probability", Type::number().ge(0).le(1)).def(1.0)
      .doc("Chance that verification rejects a wrong result (1: a SNARK is sound).");
  ObjectSchema crv("ZK-CRV: a lighter proof with a challenge window (fractions of a zkml proof; assumptions).");
  crv.field("proving_fraction", Type::number().gt(0).le(1)).def(0.1).doc("Proving time as a fraction of zkml's.");
  crv.field("verify_fraction", Type::number().gt(0).le(1)).def(0.1).doc("Verification time as a fraction of zkml's.");
  crv.field("challenge_window_s", Type::number().ge(0).le(kMaxDurationS)).def(600.0).unit("s").doc("Time in which a result may be challenged.");
  crv.field("max_provable_parameters", Type::number().gt(0)).def(5e6).doc("Largest model a zk_crv class may use.");
  crv.field("detection_probability", Type::number().ge(0).le(1)).def(0.9)
      .doc("Chance that a wrong result is challenged in the window and caught (assumed 0.9: optimistic schemes "
           "catch fraud only when a watcher challenges in time).");
  ObjectSchema p("What proofs and attestations cost, per verification mode (workload.classes[].verification).");
  p.field("placement", Type::one_of({"node", "provers"})).def("node")
      .doc("Where zkml and zk_crv proofs are made: node (the inference node's own provers, "
           "proof.zkml.provers_per_node) or provers (dedicated prover nodes, roles.prover).");
  p.field("tee", Type::object(tee)).def(json::object()).doc("TEE costs.");
  p.field("zkml", Type::object(zkml)).def(json::object()).doc("ZKML costs.");
  p.field("zk_crv", Type::object(crv)).def(json::object()).doc("ZK-CRV costs.");
  return Type::object(p);
}

const std::vector<std::string>& fault_roles() {
  static const std::vector<std::string> roles{"inference", "verifier", "data", "storage", "validator", "prover"};
  return roles;
}

// Semantics are models/faults/fault_schedule.hpp's (what each role loses at a crash is tabled there).
Type faults() {
  ObjectSchema f("Faults injected during the run (models/faults): crashes and recoveries of nodes of any role, "
                 "slow and malicious nodes, and regions cut off from the network; listed at fixed times or drawn "
                 "from random failure/repair processes.");
  ObjectSchema ev("One fault at a given time, on a node (role + index) or, for region_cut and region_restore, on a "
                  "region.");
  ev.field("time_s", Type::number().ge(0).le(kMaxDurationS)).unit("s").doc("When it happens.");
  ev.field("kind", Type::one_of({"crash", "recover", "region_cut", "region_restore", "slow_start", "slow_end",
                                 "malicious_start", "malicious_end"}))
      .doc("crash: the node stops and loses its work in flight; recover: it works again (empty); region_cut / "
           "region_restore: every link into and out of the region goes down / comes back; slow_start / slow_end: "
           "the node's work takes factor times longer; malicious_start / malicious_end: an inference node returns "
           "invalid results with probability factor.");
  ev.field("role", Type::one_of(fault_roles())).def("inference").doc("Role of the target node (not used by region kinds).");
  ev.field("index", Type::integer().ge(0).le(kMaxNodesPerRole)).optional("-")
      .doc("Which node of the role (0-based, < its count); required for node kinds, not allowed for region kinds.");
  ev.field("region", Type::string().non_empty()).optional("-")
      .doc("The region, for region_cut and region_restore only (a platform region).");
  ev.field("factor", Type::number().gt(0).le(1000)).def(1.0)
      .doc("slow_start: the slowdown (>= 1); malicious_start: the fraction of invalid results (0, 1]; unused "
           "otherwise.");
  f.field("events", Type::array_of(Type::object(ev)).max_size(kMaxFaultEvents)).def(json::array()).doc("Faults at fixed times, in any order.");

  ObjectSchema pr("Random faults: every selected node (or region) alternates between up for a time-to-failure draw "
                  "and faulty for a time-to-repair draw, each on its own random stream.");
  pr.field("kind", Type::one_of({"crash", "slow", "malicious", "region_cut"})).def("crash")
      .doc("What fails: crash / recover, slow_start / slow_end, malicious_start / malicious_end (inference nodes "
           "only), or region_cut / region_restore.");
  pr.field("role", Type::one_of(fault_roles())).optional("every role")
      .doc("Only nodes of this role (not used by region_cut).");
  pr.field("region", Type::string().non_empty()).optional("every region")
      .doc("Only nodes in this region; region_cut: only this region is cut.");
  pr.field("mttf_s", Type::number().ge(kMinPeriodS)).unit("s").doc("Mean time to failure of one node.");
  pr.field("mttr_s", Type::number().ge(kMinPeriodS)).unit("s").doc("Mean time to repair.");
  pr.field("distribution", Type::one_of({"exponential", "weibull"})).def("exponential")
      .doc("Distribution of both times, with those means.");
  pr.field("shape", Type::number().ge(0.1).le(100)).def(1.0).doc("Weibull shape k (k < 1: many short lives, as session churn).");
  pr.field("factor", Type::number().gt(0).le(1000)).def(1.0)
      .doc("slow: the slowdown (>= 1); malicious: the fraction of invalid results (0, 1]; unused otherwise.");
  pr.field("start_s", Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s").doc("Failures are drawn from this time on.");
  f.field("processes", Type::array_of(Type::object(pr)).max_size(kMaxListItems)).def(json::array()).doc("Random fault processes.");
  return Type::object(f);
}

ObjectSchema build() {
  ObjectSchema s("A load scenario: the network, its nodes, the workload and how long to run.");
  s.field("name", Type::string().non_empty()).optional("the file name without .json").doc("Scenario name, copied to outputs.");
  s.field("description", Type::string()).def("").doc("Free text for people.");
  s.field("extends", Type::string()).optional("none")
      .doc("Base scenario file (relative to this file) that this file patches (RFC 7386 merge patch).");
  s.field("seed", Type::integer().ge(0)).def(1).doc("Root of every random stream; same seed, same results.");
  s.field("duration_s", Type::number().ge(kMinPeriodS).le(kMaxDurationS)).def(600.0).unit("s").doc("Arrivals happen in [0, duration_s).");
  s.field("warmup_s", Type::number().ge(0).le(kMaxDurationS)).def(0.0).unit("s")
      .doc("Requests submitted before this time are left out of statistics (< duration_s).");
  s.field("drain_s", Type::number().ge(0).le(kMaxDurationS)).def(600.0).unit("s")
      .doc("After duration_s, in-flight requests may finish for this long.");
  s.field("platform", platform()).def(json::object()).doc("The simulated network.");
  s.field("roles", roles()).def(json::object()).doc("The nodes, by role.");
  s.field("router", router()).def(json::object()).doc("Request routing.");
  s.field("workload", workload()).def(json::object()).doc("The requests.");
  ObjectSchema out("What the run writes besides the summary.");
  out.field("window_s", Type::number().ge(kMinPeriodS)).def(10.0).unit("s").doc("Width of one timeseries.csv row.");
  s.field("output", Type::object(out)).def(json::object()).doc("Output settings.");
  s.field("proof", proof()).def(json::object()).doc("Costs of proofs and attestations.");
  s.field("faults", faults()).def(json::object()).doc("Faults to inject (none by default).");
  s.field("economy", economy_schema()).def(json::object()).doc("The token economy (off by default).");
  return s;
}

}  // namespace

const config::ObjectSchema& scenario_schema() {
  static const config::ObjectSchema schema = build();
  return schema;
}

}  // namespace opgsim
