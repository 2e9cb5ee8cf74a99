// Scenario forms that still load for one release: each is rewritten in place to its
// replacement, with one line of warning on stderr naming the file (or --set) and the path.
// Today: a bare family name becomes {"type": name} at router.policy, roles.verifier.policy,
// workload.classes[].verification and faults.processes[].distribution (whose weibull `shape`,
// written beside the name, moves inside).
#pragma once

#include <ostream>

#include "sim/config/extends.hpp"

namespace opgsim {

// Rewrites deprecated forms in `d` (run it before --set and again after, so that a bare name in
// a file can be refined with `--set router.policy.type=...` and one given by --set is accepted
// too). A given warning is written once per process: sweeps load a scenario many times.
// Unknown names are left for the schema to refuse as unknown types, without a warning.
void upgrade_deprecated_forms(config::Document& d, std::ostream& warnings);

}  // namespace opgsim
