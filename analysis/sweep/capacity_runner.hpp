// `opgsim capacity`'s searches: one bisection per replication (its own seed), each trial rate an
// `opgsim run` child process judged against the SLO on its summary.json; searches run -j at a
// time, the runs of one search one after another. The result goes to DIR/capacity.json. The
// caller (the sim layer) loads the scenario first and passes its seed and the folder.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/slo.hpp"

namespace opgsim::analysis {

struct CapacitySpec {
  std::string scenario;              // scenario file handed to every run
  std::vector<std::string> slo;      // "path<=x" / "path>=x" over summary.json
  std::string rate_path = "workload.arrivals.rate_rps";
  double start_rps = 10;
  double precision = 0.01;
  std::uint32_t replications = 3;
  unsigned jobs = 1;
  std::vector<std::string> sets;     // every run's overrides (the seed's included)
  std::vector<std::string> cfgs;     // SimGrid options every run gets (--cfg key:value)
  std::uint64_t base_seed = 1;       // the scenario's seed (after sets)
  std::string dir;                   // DIR/runs/rR-sSS and DIR/capacity.json
};

// The SLO terms of --slo texts; InputError for a malformed one or for none at all (checked
// before the scenario is loaded, as the command always did).
std::vector<SloTerm> capacity_slo_terms(const std::vector<std::string>& slo);

// Prints each trial on `err` and the capacity with its interval on `out`; returns the exit code
// (0, or 1 when no search bracketed the capacity). Throws std::runtime_error when a run failed.
int run_capacity(const CapacitySpec& spec, std::ostream& out, std::ostream& err);

}  // namespace opgsim::analysis
