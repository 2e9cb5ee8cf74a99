// The last step of `opgsim sweep` and all of `opgsim collect`: the curve of a sweep's finished
// runs written to DIR/curve.csv, and the short table of its main metrics that both print.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "analysis/output/signal_decl.hpp"
#include "analysis/sweep/sweep_plan.hpp"

namespace opgsim::analysis {

// Collects the finished runs of `spec` under `dir`, writes DIR/curve.csv atomically and returns
// the table to print (one line per point, then where the curve is and how many runs are missing).
// `roles`: every role's signal declarations (the role registry's). `not_finished`, when given,
// gets the number of planned runs that have not finished.
std::string write_curve(const SweepSpec& spec, const std::string& dir, const std::vector<std::string>& metrics,
                        std::span<const RoleSignals> roles, std::size_t* not_finished = nullptr);

// The sweep described by DIR/sweep.json (InputError naming the file when it is missing or malformed).
SweepSpec read_sweep_spec(const std::string& dir);

}  // namespace opgsim::analysis
