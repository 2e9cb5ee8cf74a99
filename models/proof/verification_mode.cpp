// Names of the verification modes; one table so to_string and from_string cannot disagree.
#include "models/proof/verification_mode.hpp"

namespace opgsim::proof {

const char* to_string(VerificationMode mode) {
  switch (mode) {
    case VerificationMode::Vanilla: return "vanilla";
    case VerificationMode::Tee: return "tee";
    case VerificationMode::Zkml: return "zkml";
    case VerificationMode::ZkCrv: return "zk_crv";
  }
  return "unknown";
}

std::optional<VerificationMode> verification_mode_from_string(std::string_view name) {
  for (VerificationMode m : {VerificationMode::Vanilla, VerificationMode::Tee, VerificationMode::Zkml,
                             VerificationMode::ZkCrv})
    if (name == to_string(m)) return m;
  return std::nullopt;
}

}  // namespace opgsim::proof
