// Verification modes a request class can ask for (suggested scenario key: a request class's
// `verification`).
//
// The four modes of OpenGradient's official table (opengradient-notes §1.3): vanilla (no
// verification), tee (the result is signed inside an enclave), zkml (a ZK proof of the whole
// inference, EZKL/Halo2) and zk_crv (a lighter ZK proof, accepted optimistically with a
// challenge window). What each one costs is in proof_cost.hpp.
#pragma once

#include <optional>
#include <string_view>

#include "models/common/enum_names.hpp"

namespace opgsim::proof {

enum class VerificationMode { Vanilla, Tee, Zkml, ZkCrv };
inline constexpr EnumNames<VerificationMode, 4> kVerificationModeNames{{{VerificationMode::Vanilla, "vanilla"},
                                                                       {VerificationMode::Tee, "tee"},
                                                                       {VerificationMode::Zkml, "zkml"},
                                                                       {VerificationMode::ZkCrv, "zk_crv"}}};

// The scenario names: "vanilla", "tee", "zkml", "zk_crv".
const char* to_string(VerificationMode mode);
// The inverse of to_string; nullopt for an unknown name (the caller reports it with its path).
std::optional<VerificationMode> verification_mode_from_string(std::string_view name);

}  // namespace opgsim::proof
