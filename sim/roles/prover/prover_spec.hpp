// What a scenario says about the dedicated prover nodes (roles.prover); declared in
// prover_schema.cpp. No SimGrid.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace opgsim {

// Prover nodes: produce the zkml and zk_crv proofs of other nodes' results when
// proof.placement is "provers", `provers` proofs at a time each (FIFO beyond).
struct ProverRoleSpec {
  std::uint32_t count = 0;              // 0: no prover node (then placement must be "node")
  std::vector<std::string> regions;     // round-robin placement (default: all)
  std::uint32_t provers = 8;            // proofs one prover node produces at once
  double speed_factor = 1.0;            // proving time x this (1: the EZKL table's machine)
};

}  // namespace opgsim
