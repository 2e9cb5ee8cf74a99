// `opgsim capacity --band`: the capacity of one scenario under each of several model variants
// (for the gpu service: the scenario as given, and each validated calibration profile of its
// hardware with the scheduler it was fitted under), one capacity search per variant, and the band
// [lowest, highest] over the validated ones. The sim layer chooses the variants (it knows the
// scenario and the shipped profiles); this runs them and writes DIR/band.md and DIR/band.json.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "analysis/sweep/capacity_runner.hpp"

namespace opgsim::analysis {

struct BandVariant {
  std::string label;               // e.g. "profile h100-sxm_llama-3.1-8b_fp16_tp1.json, chunked"
  std::vector<std::string> sets;   // overrides on top of the search's own (--set path=value)
  std::string validation;          // how it was validated, e.g. "8 of 13 published points within 15 %"
  std::string source;              // where its parameters come from (a file, "scenario defaults")
  bool in_band = true;             // counts toward the band (validated); false: shown for reference
};

struct BandRow {
  BandVariant variant;
  bool found = false;
  double mean = 0, ci95 = 0;
  std::uint32_t n = 0;
  std::string dir;                 // the variant's capacity folder
};

// The Markdown table of the rows and the band line (also what DIR/band.md holds).
std::string band_markdown(const CapacitySpec& spec, const std::vector<BandRow>& rows);

// Runs one capacity search (run_capacity, replications and all) per variant into
// DIR/<k>-variant/, prints each search's trials on `err` and the table on `out`, writes
// DIR/band.md and DIR/band.json. Returns 0, or 1 when some search did not bracket its capacity.
int run_capacity_band(const CapacitySpec& spec, const std::vector<BandVariant>& variants, std::ostream& out,
                      std::ostream& err);

}  // namespace opgsim::analysis
