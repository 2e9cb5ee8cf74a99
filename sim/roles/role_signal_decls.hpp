// Each role's window-signal declarations (sim/roles/<role>/<role>_signal_decls.cpp; the type is
// analysis/output/signal_decl.hpp): pure, no SimGrid, so that the scenario layer and the
// analysis commands read them without a simulation. The role registry (role_registry.cpp)
// holds one per line; the samplers (<role>_signals.cpp) fill the slots they declare.
#pragma once

#include "analysis/output/signal_decl.hpp"

namespace opgsim {

analysis::RoleSignals inference_signal_decls();
analysis::RoleSignals verifier_signal_decls();
analysis::RoleSignals data_signal_decls();
analysis::RoleSignals storage_signal_decls();
analysis::RoleSignals validator_signal_decls();
analysis::RoleSignals prover_signal_decls();

}  // namespace opgsim
