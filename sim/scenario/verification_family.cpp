// The verification-mode family (workload.classes[].verification): {"type": "vanilla" | "tee" |
// "zkml" | "zk_crv"}. Each mode's costs are the scenario's `proof` section (shared by every class
// of that mode), so the types carry no parameters of their own yet. Names come from
// proof::kVerificationModeNames, which the outputs use too.
#include "models/proof/verification_mode.hpp"
#include "sim/scenario/families.hpp"

namespace opgsim {

config::Family<proof::VerificationMode, proof::VerificationMode> verification_modes() {
  using proof::VerificationMode;
  config::Family<VerificationMode, VerificationMode> f("How a class's results are proven (models/proof).");
  for (const auto& [mode, name] : proof::kVerificationModeNames) {
    const char* doc = "";
    switch (mode) {
      case VerificationMode::Vanilla: doc = "No proof: results are trusted."; break;
      case VerificationMode::Tee: doc = "An enclave runs the inference and signs the result (proof.tee)."; break;
      case VerificationMode::Zkml: doc = "An EZKL-like proof, its time from the model's parameter count (proof.zkml)."; break;
      case VerificationMode::ZkCrv: doc = "A lighter proof with a challenge window (proof.zk_crv)."; break;
    }
    f.type(name, doc, mode);
  }
  return f;
}

}  // namespace opgsim
