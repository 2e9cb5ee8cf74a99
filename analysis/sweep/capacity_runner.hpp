// `opgsim capacity`'s searches: one bisection per replication (its own seed), each trial value an
// `opgsim run` child process judged against the SLO on its summary.json; searches run -j at a
// time, the runs of one search one after another. The result goes to DIR/capacity.json. The
// caller (the sim layer) loads the scenario first and passes its seed and the folder.
// The classic search (the highest value of the rate, no bounds: capacity_search.hpp) writes the
// capacity.json it always did; any other (--find lowest, --min/--max, an integer parameter)
// runs parameter_search.hpp and writes the general form (`search`, `value`).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/parameter_search.hpp"
#include "analysis/slo.hpp"

namespace opgsim::analysis {

struct CapacitySpec {
  std::string scenario;              // scenario file handed to every run
  std::vector<std::string> slo;      // "path<=x" / "path>=x" over summary.json
  std::string rate_path = "workload.arrivals.rate_rps";  // the searched scenario path (--search, --rate-path)
  SearchFind find = SearchFind::Highest;
  bool integer = false;              // the path is an integer (bisect on integers)
  std::optional<double> min, max;    // bounds of the values tried
  double start_rps = 10;             // first value tried without both bounds
  double precision = 0.01;
  std::uint32_t replications = 3;
  unsigned jobs = 1;
  std::vector<std::string> sets;     // every run's overrides (the seed's included)
  std::vector<std::string> cfgs;     // SimGrid options every run gets (--cfg key:value)
  std::uint64_t base_seed = 1;       // the scenario's seed (after sets)
  std::string dir;                   // DIR/runs/rR-sSS and DIR/capacity.json
};

// Whether the search is the classic one: the highest value, reals, no bounds.
bool classic_search(const CapacitySpec& spec);

// The options of the general search (parameter_search.hpp) the spec asks for.
SearchOptions search_options(const CapacitySpec& spec);

// The --set text of one trial value of the searched path ("{:.10g}", integers without a point).
std::string search_value_text(const CapacitySpec& spec, double value);

// The SLO terms of --slo texts; InputError for a malformed one or for none at all (checked
// before the scenario is loaded, as the command always did).
std::vector<SloTerm> capacity_slo_terms(const std::vector<std::string>& slo);

// Prints each trial on `err` and the capacity with its interval on `out`; returns the exit code
// (0, or 1 when no search bracketed the capacity). Throws std::runtime_error when a run failed.
int run_capacity(const CapacitySpec& spec, std::ostream& out, std::ostream& err);

}  // namespace opgsim::analysis
