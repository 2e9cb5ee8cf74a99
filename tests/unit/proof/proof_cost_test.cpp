// Proof costs: the EZKL table lookups, per-mode arithmetic, and the too-large-model error.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "models/common/input_error.hpp"
#include "models/proof/proof_cost.hpp"

using namespace opgsim::proof;

namespace {

std::string provable_error(const ProofConfig& c, VerificationMode m, double params, const std::string& name) {
  try {
    check_provable(c, m, params, name);
  } catch (const opgsim::InputError& e) {
    return e.what();
  }
  return "";
}

std::string validate_error(const ProofConfig& c) {
  try {
    validate(c);
  } catch (const opgsim::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("EZKL lookups return every table row exactly") {
  for (const EzklPoint& p : kEzklLaptop) {
    CAPTURE(p.parameters);
    CHECK(ezkl_prove_s(p.parameters) == p.prove_s);
    CHECK(ezkl_verify_s(p.parameters) == p.verify_s);
    if (p.proof_bytes > 0) CHECK(ezkl_proof_bytes(p.parameters) == p.proof_bytes);
  }
  // The rows quoted in the notes (§3c).
  CHECK(ezkl_prove_s(10.5e3) == 1.5);
  CHECK(ezkl_prove_s(2.0e6) == 213.0);
  CHECK(ezkl_verify_s(2.0e6) == 2.9);
  CHECK(ezkl_proof_bytes(10.5e3) == 24.9e3);
}

TEST_CASE("EZKL lookups are monotonic and log-log linear between rows") {
  double prev_p = 0, prev_v = 0, prev_b = 0;
  for (double x = 1e3; x <= 5e7; x *= 1.05) {
    CAPTURE(x);
    const double p = ezkl_prove_s(x), v = ezkl_verify_s(x), b = ezkl_proof_bytes(x);
    CHECK(p > prev_p);
    CHECK(v > prev_v);
    CHECK(b >= prev_b);
    prev_p = p, prev_v = v, prev_b = b;
  }
  // The geometric midpoint of two rows gets the geometric mean of their values.
  const double mid = std::sqrt(119e3 * 480e3);
  CHECK(ezkl_prove_s(mid) == doctest::Approx(std::sqrt(12.8 * 49.0)).epsilon(1e-12));
  CHECK(ezkl_verify_s(mid) == doctest::Approx(std::sqrt(0.19 * 0.69)).epsilon(1e-12));
  // Proof size is reported for 119k and 2.0M only (both 38 kB): flat in between.
  CHECK(ezkl_proof_bytes(480e3) == doctest::Approx(38e3).epsilon(1e-12));
}

TEST_CASE("EZKL lookups extrapolate with the end slopes") {
  // Above the table: the 1.04M -> 2.0M slope.
  const double s_prove = std::log(213.0 / 147.0) / std::log(2.0e6 / 1.04e6);
  CHECK(ezkl_prove_s(5e6) == doctest::Approx(213.0 * std::pow(2.5, s_prove)).epsilon(1e-12));
  CHECK(ezkl_prove_s(5e6) == doctest::Approx(358.0).epsilon(0.01));  // about 6 minutes
  const double s_verify = std::log(2.9 / 2.3) / std::log(2.0e6 / 1.04e6);
  CHECK(ezkl_verify_s(4e6) == doctest::Approx(2.9 * std::pow(2.0, s_verify)).epsilon(1e-12));
  CHECK(ezkl_proof_bytes(1e8) == doctest::Approx(38e3).epsilon(1e-12));  // last segment is flat
  // Below the table: the 10.5k -> 119k slope.
  const double s_low = std::log(12.8 / 1.5) / std::log(119e3 / 10.5e3);
  CHECK(ezkl_prove_s(1.05e3) == doctest::Approx(1.5 * std::pow(0.1, s_low)).epsilon(1e-12));
  CHECK(ezkl_proof_bytes(5e3) < 24.9e3);
}

TEST_CASE("vanilla costs nothing") {
  const ProofCost c = cost(ProofConfig{}, VerificationMode::Vanilla, 8.03e9, 2.0);
  CHECK(c.node_extra_s() == 0);
  CHECK(c.proof_bytes == 0);
  CHECK(c.verify_core_s == 0);
  CHECK(c.challenge_window_s == 0);
  CHECK(c.verify_gas == 0);
}

TEST_CASE("tee: slowdown of the inference plus signing, attestation checked on a verifier") {
  ProofConfig cfg;
  const ProofCost c = cost(cfg, VerificationMode::Tee, 8.03e9, 2.0);  // any model size
  CHECK(c.inference_slowdown_s == doctest::Approx(0.14));              // 7 % of 2 s
  CHECK(c.sign_s == 42e-6);
  CHECK(c.proving_s == 0);
  CHECK(c.node_extra_s() == doctest::Approx(0.14 + 42e-6));
  CHECK(c.proof_bytes == 328);
  CHECK(c.verify_core_s == 3e-3);
  CHECK(c.challenge_window_s == 0);
  CHECK(c.verify_gas == 20'000);
  // OpenGradient's docs figure, 3x: the extra time is twice the inference.
  cfg.tee.inference_slowdown = 3.0;
  CHECK(cost(cfg, VerificationMode::Tee, 1e9, 0.5).inference_slowdown_s == doctest::Approx(1.0));
  cfg.tee.inference_slowdown = 1.0;
  CHECK(cost(cfg, VerificationMode::Tee, 1e9, 0.5).inference_slowdown_s == 0);
}

TEST_CASE("zkml: proving on the inference node from the table, scaled by hardware speed") {
  ProofConfig cfg;
  ProofCost c = cost(cfg, VerificationMode::Zkml, 1.04e6, 0.01);
  CHECK(c.proving_s == 147.0);
  CHECK(c.inference_slowdown_s == 0);
  CHECK(c.verify_core_s == 2.3);
  CHECK(c.proof_bytes == 38'000);
  CHECK(c.verify_gas == 230'000);
  CHECK(c.challenge_window_s == 0);
  cfg.zkml.prover_speed_factor = 4;
  cfg.zkml.verifier_speed_factor = 2;
  c = cost(cfg, VerificationMode::Zkml, 1.04e6, 0.01);
  CHECK(c.proving_s == doctest::Approx(147.0 / 4));
  CHECK(c.verify_core_s == doctest::Approx(2.3 / 2));
  CHECK(cost(cfg, VerificationMode::Zkml, 10.5e3, 0.01).proof_bytes == 24'900);
}

TEST_CASE("zk_crv is lighter than zkml and has a challenge window") {
  const ProofConfig cfg;
  for (double params : {10.5e3, 119e3, 480e3, 1.04e6, 2.0e6, 4e6}) {
    CAPTURE(params);
    const ProofCost z = cost(cfg, VerificationMode::Zkml, params, 0.01);
    const ProofCost r = cost(cfg, VerificationMode::ZkCrv, params, 0.01);
    CHECK(r.proving_s < z.proving_s);
    CHECK(r.proving_s == doctest::Approx(0.1 * z.proving_s));
    CHECK(r.verify_core_s < z.verify_core_s);
    CHECK(r.proof_bytes <= z.proof_bytes);
    CHECK(r.challenge_window_s == 600.0);
    CHECK(z.challenge_window_s == 0);
  }
}

TEST_CASE("zkml on a model too large to prove is one clear error") {
  const ProofConfig cfg;
  CHECK(provable_error(cfg, VerificationMode::Zkml, 8.03e9, "llama-3.1-8b") ==
        "zkml: model 'llama-3.1-8b' has 8.03e9 parameters, more than max_provable_parameters 5e6: use tee");
  CHECK(provable_error(cfg, VerificationMode::ZkCrv, 7e10, "llama-2-70b") ==
        "zk_crv: model 'llama-2-70b' has 7e10 parameters, more than max_provable_parameters 5e6: use tee");
  CHECK(provable_error(cfg, VerificationMode::Zkml, 5.0000001e6, "mlp") ==
        "zkml: model 'mlp' has 5e6 parameters, more than max_provable_parameters 5e6: use tee");
  CHECK(provable_error(cfg, VerificationMode::Zkml, 9.996e6, "mlp") ==
        "zkml: model 'mlp' has 1e7 parameters, more than max_provable_parameters 5e6: use tee");
  // At the limit, below it, and for modes that do not prove: fine.
  CHECK(provable_error(cfg, VerificationMode::Zkml, 5e6, "mlp") == "");
  CHECK(provable_error(cfg, VerificationMode::ZkCrv, 2e6, "mlp") == "");
  CHECK(provable_error(cfg, VerificationMode::Tee, 8.03e9, "llama-3.1-8b") == "");
  CHECK(provable_error(cfg, VerificationMode::Vanilla, 0, "anything") == "");
  // No parameter count: the proof cannot be costed.
  CHECK(provable_error(cfg, VerificationMode::Zkml, 0, "mystery") ==
        "zkml: model 'mystery' has no positive parameter count (got 0): zkml needs it to cost the proof");
  // The limit is a setting.
  ProofConfig big;
  big.zkml.max_provable_parameters = 1e10;
  CHECK(provable_error(big, VerificationMode::Zkml, 8.03e9, "llama-3.1-8b") == "");
}

TEST_CASE("validate names the bad key") {
  CHECK(validate_error(ProofConfig{}) == "");
  ProofConfig c;
  c.tee.inference_slowdown = 0.9;
  CHECK(validate_error(c) == "tee.inference_slowdown: must be at least 1, got 0.9");
  c = ProofConfig{};
  c.zkml.prover_speed_factor = 0;
  CHECK(validate_error(c) == "zkml.prover_speed_factor: must be > 0, got 0");
  c = ProofConfig{};
  c.zk_crv.challenge_window_s = std::nan("");
  CHECK(validate_error(c) == "zk_crv.challenge_window_s: must be a finite time >= 0, got nan");
}

TEST_CASE("detection probability: nothing to check for vanilla, the mode's own figure otherwise") {
  opgsim::proof::ProofConfig c;
  using opgsim::proof::VerificationMode;
  CHECK(opgsim::proof::detection_probability(c, VerificationMode::Vanilla) == 0.0);
  CHECK(opgsim::proof::detection_probability(c, VerificationMode::Tee) == 1.0);
  CHECK(opgsim::proof::detection_probability(c, VerificationMode::Zkml) == 1.0);
  CHECK(opgsim::proof::detection_probability(c, VerificationMode::ZkCrv) == 0.9);
  c.tee.detection_probability = 0.25;
  CHECK(opgsim::proof::detection_probability(c, VerificationMode::Tee) == 0.25);
  c.zk_crv.detection_probability = 1.5;
  CHECK_THROWS_WITH_AS(opgsim::proof::validate(c), "zk_crv.detection_probability: must be in [0, 1], got 1.5",
                       opgsim::InputError);
  c.zk_crv.detection_probability = 0.9;
  c.zkml.provers_per_node = 0;
  CHECK_THROWS_WITH_AS(opgsim::proof::validate(c), "zkml.provers_per_node: must be at least 1, got 0",
                       opgsim::InputError);
}

TEST_CASE("the node's work after inference is signing plus proving: the TEE slowdown is not in it") {
  const opgsim::proof::ProofConfig c;
  const auto tee = opgsim::proof::cost(c, opgsim::proof::VerificationMode::Tee, 0, 2.0);
  CHECK(tee.inference_slowdown_s == doctest::Approx(0.14));
  CHECK(tee.after_inference_s() == doctest::Approx(42e-6));
  const auto zk = opgsim::proof::cost(c, opgsim::proof::VerificationMode::Zkml, 119e3, 2.0);
  CHECK(zk.after_inference_s() == doctest::Approx(12.8));
}
