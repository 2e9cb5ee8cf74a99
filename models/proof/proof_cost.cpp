// Proof costs: EZKL table interpolation, the per-mode cost arithmetic and the input checks.
#include "models/proof/proof_cost.hpp"

#include <cmath>
#include <cstddef>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::proof {

namespace {

struct XY {
  double x, y;
};

// One column of the EZKL table as (parameters, value) pairs, skipping rows without a value.
template <std::size_t N, typename Get>
constexpr std::array<XY, N> column(Get get) {
  std::array<XY, N> out{};
  std::size_t k = 0;
  for (const EzklPoint& p : kEzklLaptop)
    if (get(p) > 0) out[k++] = XY{p.parameters, get(p)};
  return out;
}

constexpr std::size_t count_reported(double EzklPoint::*field) {
  std::size_t n = 0;
  for (const EzklPoint& p : kEzklLaptop)
    if (p.*field > 0) ++n;
  return n;
}

constexpr auto kProve = column<count_reported(&EzklPoint::prove_s)>([](const EzklPoint& p) { return p.prove_s; });
constexpr auto kVerify = column<count_reported(&EzklPoint::verify_s)>([](const EzklPoint& p) { return p.verify_s; });
constexpr auto kBytes =
    column<count_reported(&EzklPoint::proof_bytes)>([](const EzklPoint& p) { return p.proof_bytes; });

// Power law through the two rows around x (or the end segment outside the table). Computed as
// y_b · (x / x_b)^slope from the row b at or below x, so at a row x / x_b is exactly 1 and the
// table value comes back bit for bit.
template <std::size_t N>
double loglog(const std::array<XY, N>& t, double x) {
  static_assert(N >= 2, "interpolation needs two rows");
  std::size_t base = 0;
  while (base + 1 < N && t[base + 1].x <= x) ++base;
  const std::size_t seg = base + 1 < N ? base : N - 2;
  const double slope = std::log(t[seg + 1].y / t[seg].y) / std::log(t[seg + 1].x / t[seg].x);
  return t[base].y * std::pow(x / t[base].x, slope);
}

// 8.03e9, 5e6, 1.5e4: three significant digits, no "+" or leading zeros in the exponent, so the
// error message reads like the scenario file.
std::string short_sci(double v) {
  if (v == 0 || !std::isfinite(v)) return fmt::format("{}", v);
  int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  double m = std::round(v / std::pow(10.0, e) * 100) / 100;
  if (std::fabs(m) >= 10) {  // 9.999e6 rounds to 10.00e6
    m /= 10;
    ++e;
  }
  std::string ms = fmt::format("{:.2f}", m);
  while (ms.back() == '0') ms.pop_back();
  if (ms.back() == '.') ms.pop_back();
  return fmt::format("{}e{}", ms, e);
}

void require(bool ok, const char* key, const char* rule, double got) {
  if (!ok) throw InputError(fmt::format("{}: {}, got {}", key, rule, got));
}

}  // namespace

double ezkl_prove_s(double parameters) { return loglog(kProve, parameters); }
double ezkl_verify_s(double parameters) { return loglog(kVerify, parameters); }
double ezkl_proof_bytes(double parameters) { return loglog(kBytes, parameters); }

ProofCost cost(const ProofConfig& c, VerificationMode mode, double model_parameters, double inference_s) {
  ProofCost r;
  switch (mode) {
    case VerificationMode::Vanilla: break;
    case VerificationMode::Tee:
      r.inference_slowdown_s = (c.tee.inference_slowdown - 1.0) * inference_s;
      r.sign_s = c.tee.sign_s;
      r.proof_bytes = c.tee.attestation_bytes;
      r.verify_core_s = c.tee.attestation_check_s;
      r.verify_gas = c.tee.verify_gas;
      break;
    case VerificationMode::Zkml:
      r.proving_s = ezkl_prove_s(model_parameters) / c.zkml.prover_speed_factor;
      r.proof_bytes = static_cast<std::uint64_t>(std::llround(ezkl_proof_bytes(model_parameters)));
      r.verify_core_s = ezkl_verify_s(model_parameters) / c.zkml.verifier_speed_factor;
      r.verify_gas = c.zkml.verify_gas;
      break;
    case VerificationMode::ZkCrv:
      // The lighter proof runs on the same hardware as a zkml proof would.
      r.proving_s = ezkl_prove_s(model_parameters) / c.zkml.prover_speed_factor * c.zk_crv.proving_fraction;
      r.proof_bytes = static_cast<std::uint64_t>(
          std::llround(ezkl_proof_bytes(model_parameters) * c.zk_crv.proof_bytes_fraction));
      r.verify_core_s = ezkl_verify_s(model_parameters) / c.zkml.verifier_speed_factor * c.zk_crv.verify_fraction;
      r.challenge_window_s = c.zk_crv.challenge_window_s;
      r.verify_gas = c.zk_crv.verify_gas;
      break;
  }
  return r;
}

void check_provable(const ProofConfig& c, VerificationMode mode, double parameters, const std::string& model_name) {
  double limit = 0;
  if (mode == VerificationMode::Zkml)
    limit = c.zkml.max_provable_parameters;
  else if (mode == VerificationMode::ZkCrv)
    limit = c.zk_crv.max_provable_parameters;
  else
    return;
  const char* name = to_string(mode);
  if (!(parameters > 0) || !std::isfinite(parameters))
    throw InputError(fmt::format("{}: model '{}' has no positive parameter count (got {}): {} needs it to cost the proof",
                                 name, model_name, parameters, name));
  if (parameters > limit)
    throw InputError(fmt::format("{}: model '{}' has {} parameters, more than max_provable_parameters {}: use tee", name,
                                 model_name, short_sci(parameters), short_sci(limit)));
}

double detection_probability(const ProofConfig& c, VerificationMode mode) {
  switch (mode) {
    case VerificationMode::Vanilla: return 0;
    case VerificationMode::Tee: return c.tee.detection_probability;
    case VerificationMode::Zkml: return c.zkml.detection_probability;
    case VerificationMode::ZkCrv: return c.zk_crv.detection_probability;
  }
  return 0;
}

void validate(const ProofConfig& c) {
  // Each condition is written so that NaN fails it (a NaN compares false with everything).
  require(c.tee.inference_slowdown >= 1 && std::isfinite(c.tee.inference_slowdown), "tee.inference_slowdown",
          "must be at least 1", c.tee.inference_slowdown);
  require(c.tee.sign_s >= 0 && std::isfinite(c.tee.sign_s), "tee.sign_s", "must be a finite time >= 0", c.tee.sign_s);
  require(c.tee.attestation_check_s >= 0 && std::isfinite(c.tee.attestation_check_s), "tee.attestation_check_s",
          "must be a finite time >= 0", c.tee.attestation_check_s);
  require(c.zkml.prover_speed_factor > 0 && std::isfinite(c.zkml.prover_speed_factor), "zkml.prover_speed_factor",
          "must be > 0", c.zkml.prover_speed_factor);
  require(c.zkml.verifier_speed_factor > 0 && std::isfinite(c.zkml.verifier_speed_factor),
          "zkml.verifier_speed_factor", "must be > 0", c.zkml.verifier_speed_factor);
  require(c.zkml.provers_per_node >= 1, "zkml.provers_per_node", "must be at least 1",
          static_cast<double>(c.zkml.provers_per_node));
  require(c.zkml.max_provable_parameters > 0, "zkml.max_provable_parameters", "must be > 0",
          c.zkml.max_provable_parameters);
  require(c.zk_crv.proving_fraction > 0 && std::isfinite(c.zk_crv.proving_fraction), "zk_crv.proving_fraction",
          "must be > 0", c.zk_crv.proving_fraction);
  require(c.zk_crv.verify_fraction > 0 && std::isfinite(c.zk_crv.verify_fraction), "zk_crv.verify_fraction",
          "must be > 0", c.zk_crv.verify_fraction);
  require(c.zk_crv.proof_bytes_fraction > 0 && std::isfinite(c.zk_crv.proof_bytes_fraction),
          "zk_crv.proof_bytes_fraction", "must be > 0", c.zk_crv.proof_bytes_fraction);
  require(c.zk_crv.challenge_window_s >= 0 && std::isfinite(c.zk_crv.challenge_window_s), "zk_crv.challenge_window_s",
          "must be a finite time >= 0", c.zk_crv.challenge_window_s);
  require(c.zk_crv.max_provable_parameters > 0, "zk_crv.max_provable_parameters", "must be > 0",
          c.zk_crv.max_provable_parameters);
  require(c.tee.detection_probability >= 0 && c.tee.detection_probability <= 1, "tee.detection_probability",
          "must be in [0, 1]", c.tee.detection_probability);
  require(c.zkml.detection_probability >= 0 && c.zkml.detection_probability <= 1, "zkml.detection_probability",
          "must be in [0, 1]", c.zkml.detection_probability);
  require(c.zk_crv.detection_probability >= 0 && c.zk_crv.detection_probability <= 1,
          "zk_crv.detection_probability", "must be in [0, 1]", c.zk_crv.detection_probability);
}

}  // namespace opgsim::proof
