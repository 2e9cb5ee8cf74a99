// What a scenario says about the verifier nodes (roles.verifier); declared in verifier_schema.cpp.
// No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/policy/verifier_assignment.hpp"

namespace opgsim {

// Verifier nodes: check proofs and attestations, one check per core at a time, FIFO.
struct VerifierRoleSpec {
  std::uint32_t count = 0;              // 0: no verifier (then every class must be vanilla)
  std::vector<std::string> regions;     // round-robin placement (default: all)
  std::uint32_t cores = 8;
  policy::VerifierPolicyType policy = policy::VerifierPolicyType::LeastLoaded;
};

}  // namespace opgsim
