// What verifying one inference costs, per verification mode (pure arithmetic, no SimGrid).
//
// The engine asks cost() once per request and turns the answer into simulated work: extra time
// on the inference node (TEE slowdown, enclave signing, ZK proving), a proof blob to store, a
// number of core-seconds to run on a verifier, a challenge window before settlement (zk_crv)
// and gas for the on-chain check. Every default below cites its source in
// /work/shared/opengradient-notes.md; the ones marked "assumption" have no source and are meant
// to be swept.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "models/proof/verification_mode.hpp"

namespace opgsim::proof {

// TEE (AWS Nitro enclave on a confidential-computing GPU node).
struct TeeConfig {
  // Inference runs this many times slower inside the TEE. 1.07: H100 confidential-computing
  // mode costs < 7 % for typical LLM queries (arxiv 2409.03992v4, notes §3d). OpenGradient's
  // docs say 2–3× (notes §1.3): sweep up to 3 for the pessimistic case.
  double inference_slowdown = 1.07;
  // Signing (inputHash, outputHash, timestamp) inside the enclave: 42 µs, the warm Nitro ECDSA
  // p50 (notes §3d; p99 is 64 µs).
  double sign_s = 42e-6;
  // Checking one attestation signature on a verifier core. Assumption: no measured figure was
  // found (notes §3d, "assume a few ms": COSE plus an X.509 chain); 3 ms.
  double attestation_check_s = 3e-3;
  // Bytes of the attestation travelling with the result. Assumption: an RSA-2048 RSA-PSS
  // signature (256 B) over two 32-byte hashes and an 8-byte timestamp = 328 B ("a signature of
  // a few hundred bytes", notes §4; the key size is not published).
  std::uint64_t attestation_bytes = 328;
  // On-chain check per inference: verifyRSAPSS precompile, 20,000 gas (og-evm
  // precompiles/tee/precompile.go, notes §1.4).
  std::uint64_t verify_gas = 20'000;
  // Once per enclave registration, not per inference: verifyAttestation, 500,000 gas (same
  // source). cost() does not include it; the registration path charges it.
  std::uint64_t registration_gas = 500'000;
  // Chance that checking the attestation exposes a wrong result from a malicious operator.
  // Assumption: 1 — the signature binds the output hash to the enclave's measured code, so a
  // result produced outside the enclave (or altered after it) fails the check.
  double detection_probability = 1.0;
};

// One row of the EZKL proving benchmark on a laptop (notes §3c, docs.spectral.finance).
struct EzklPoint {
  double parameters;
  double prove_s;
  double verify_s;
  double proof_bytes;  // 0: not reported for this row (interpolated from the rows that have it)
};

// The EZKL table, ascending in parameters. kB read as 1,000 bytes.
inline constexpr std::array<EzklPoint, 5> kEzklLaptop{{
    {10.5e3, 1.5, 0.031, 24.9e3},
    {119e3, 12.8, 0.19, 38e3},
    {480e3, 49.0, 0.69, 0},
    {1.04e6, 147.0, 2.3, 0},
    {2.0e6, 213.0, 2.9, 38e3},
}};

// ZKML (EZKL/Halo2 proof of the whole model).
struct ZkmlConfig {
  // Prover hardware speed relative to the laptop of the EZKL table: proving time is divided by
  // it. 1 = the table as measured.
  double prover_speed_factor = 1.0;
  // Verifier core speed relative to the same laptop: verification core-seconds are divided by it.
  double verifier_speed_factor = 1.0;
  // Proofs one inference node produces at once (zkml and zk_crv share them); more wait, FIFO.
  // Assumption: 8 — EZKL proves on CPU, and a GPU server's 64+ cores can run several provers of
  // a small circuit side by side; no published figure, sweep it.
  std::uint32_t provers_per_node = 8;
  // Largest model that may be proved: 5e6 parameters ("ZKML is allowed only when params ≲ 5M",
  // notes §4; ~3.4M-param MLPs are routine today, notes §3c). Above it check_provable() fails.
  double max_provable_parameters = 5e6;
  // On-chain verification of a Groth16-like proof: ~230k gas (EIP-1108 pairings for k=4 are
  // 181k, 200–250k in total with ECMUL/ECADD and calldata; notes §3c, §4).
  std::uint64_t verify_gas = 230'000;
  // Chance that verification rejects a wrong result: 1, a SNARK is sound (a false statement
  // passes with negligible probability).
  double detection_probability = 1.0;
};

// ZK-CRV: ZKML plus challenge-response, "1–2× slower" (notes §1.3). The docs give no cost model,
// so all of this is an assumption: a proof lighter than a full zkml proof by a constant
// fraction, accepted optimistically, with a window in which anyone can challenge it.
struct ZkCrvConfig {
  // Proving time = zkml proving time × this. Assumption: 0.1.
  double proving_fraction = 0.1;
  // Verification core-seconds = zkml verification time × this. Assumption: 0.1.
  double verify_fraction = 0.1;
  // Proof bytes = zkml proof bytes × this. Assumption: 1 (SNARK proof sizes hardly depend on
  // the circuit: 25–38 kB over two orders of magnitude of model size, notes §3c).
  double proof_bytes_fraction = 1.0;
  // Seconds after delivery during which the result can be challenged; settlement waits for it.
  // Assumption: 600 s (no figure published).
  double challenge_window_s = 600.0;
  // Same feasibility limit as zkml: the lighter proof still has to be producible when
  // challenged (notes §4). Assumption: 5e6.
  double max_provable_parameters = 5e6;
  // On-chain check of the lighter proof. Assumption: Groth16-like, as zkml (230k gas).
  std::uint64_t verify_gas = 230'000;
  // Chance that a wrong result is challenged within the window and caught. Assumption: 0.9 —
  // optimistic schemes catch fraud only when a watcher challenges in time.
  double detection_probability = 0.9;
};

struct ProofConfig {
  // Where zkml and zk_crv proofs are produced: on the inference node's own provers, or on
  // dedicated prover nodes (roles.prover) that take them off the inference nodes.
  enum class Placement : std::uint8_t { Node, Provers };
  Placement placement = Placement::Node;
  TeeConfig tee;
  ZkmlConfig zkml;
  ZkCrvConfig zk_crv;
};

// The cost of verifying one inference. Times are seconds; all zero for vanilla.
struct ProofCost {
  // Added to the inference itself on the inference node: (tee.inference_slowdown - 1) ×
  // inference_s. The engine does not add it as a delay: a node in confidential-computing mode
  // runs all its work tee.inference_slowdown times slower (its service model is slowed), so
  // the slowdown also costs capacity.
  double inference_slowdown_s = 0;
  // TEE: signing the result in the enclave, after inference.
  double sign_s = 0;
  // zkml / zk_crv: proof generation on the inference node, after inference.
  double proving_s = 0;
  // Bytes of the proof or attestation (stored off-chain, sent to a verifier).
  std::uint64_t proof_bytes = 0;
  // Work on a verifier, in core-seconds on one core.
  double verify_core_s = 0;
  // zk_crv: seconds after delivery before the result may settle.
  double challenge_window_s = 0;
  // Gas of the on-chain verification per inference.
  std::uint64_t verify_gas = 0;

  // All the time the inference node spends beyond a vanilla inference.
  double node_extra_s() const { return inference_slowdown_s + sign_s + proving_s; }
  // What follows the inference on the node: signing and proving.
  double after_inference_s() const { return sign_s + proving_s; }
};

// Chance that verifying a wrong result in `mode` exposes it: 0 for vanilla (nothing to check),
// else the mode's detection_probability.
double detection_probability(const ProofConfig& config, VerificationMode mode);

// EZKL table lookups (laptop figures, before speed factors): log-log interpolation between rows,
// log-log extrapolation with the slope of the first or last segment outside them. Exact at every
// row. Precondition: parameters > 0.
double ezkl_prove_s(double parameters);
double ezkl_verify_s(double parameters);
double ezkl_proof_bytes(double parameters);

// The cost for a model with `model_parameters` parameters whose vanilla inference takes
// `inference_s` seconds. Precondition for zkml / zk_crv: check_provable() passed.
ProofCost cost(const ProofConfig& config, VerificationMode mode, double model_parameters, double inference_s);

// Throws opgsim::InputError when `mode` is zkml or zk_crv and the model is too large to prove
// (or has no positive parameter count), e.g. "zkml: model 'llama-3.1-8b' has 8.03e9
// parameters, more than max_provable_parameters 5e6: use tee". The caller prefixes the scenario
// file and key. Vanilla and tee accept any model.
void check_provable(const ProofConfig& config, VerificationMode mode, double parameters,
                    const std::string& model_name);

// Throws opgsim::InputError for a value outside its range, naming the key relative to the
// config, e.g. "tee.inference_slowdown: must be at least 1, got 0.9".
void validate(const ProofConfig& config);

}  // namespace opgsim::proof
