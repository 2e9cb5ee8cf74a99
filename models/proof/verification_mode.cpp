// Names of the verification modes (the table is kVerificationModeNames in the header).
#include "models/proof/verification_mode.hpp"

namespace opgsim::proof {

const char* to_string(VerificationMode mode) { return name_of(kVerificationModeNames, mode); }

std::optional<VerificationMode> verification_mode_from_string(std::string_view name) {
  return parse_name(kVerificationModeNames, name);
}

}  // namespace opgsim::proof
