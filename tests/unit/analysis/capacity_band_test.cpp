// The band table of `opgsim capacity --band`: the band spans only the validated variants that
// found their capacity; the others are listed for reference.
#include <doctest/doctest.h>

#include "analysis/sweep/capacity_band.hpp"

using namespace opgsim::analysis;

TEST_CASE("the capacity band spans the validated variants only") {
  CapacitySpec spec;
  spec.scenario = "s.json";
  spec.slo = {"latency_s.p99<=30"};
  spec.replications = 2;
  std::vector<BandRow> rows(4);
  rows[0].variant = {"as given", {}, "none", "defaults", false};
  rows[0].found = true;
  rows[0].mean = 300;
  rows[1].variant = {"profile a", {}, "4 of 8", "a.json", true};
  rows[1].found = true;
  rows[1].mean = 90;
  rows[1].ci95 = 2;
  rows[1].n = 2;
  rows[2].variant = {"profile b", {}, "3 of 8", "b.json", true};
  rows[2].found = true;
  rows[2].mean = 77.5;
  rows[3].variant = {"profile c", {}, "1 of 8", "c.json", true};  // not found: not in the band
  const std::string md = band_markdown(spec, rows);
  CHECK(md.find("| profile a | 90 | ± 2 | yes | 4 of 8 | a.json |") != std::string::npos);
  CHECK(md.find("| profile c | not found |") != std::string::npos);
  CHECK(md.find("Band: 77.5 to 90 requests/s over 2 validated variant(s).") != std::string::npos);
  rows[1].found = rows[2].found = false;
  CHECK(band_markdown(spec, rows).find("Band: none") != std::string::npos);
}
