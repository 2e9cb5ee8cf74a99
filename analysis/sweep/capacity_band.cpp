// Capacity under several model variants and the band over them (see capacity_band.hpp).
#include "analysis/sweep/capacity_band.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/io/atomic_file.hpp"
#include "analysis/io/run_files.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

std::string band_markdown(const CapacitySpec& spec, const std::vector<BandRow>& rows) {
  std::string slo;
  for (const std::string& t : spec.slo) slo += (slo.empty() ? "`" : ", `") + t + "`";
  std::string s = fmt::format("Capacity of `{}` meeting {} ({} replication(s) per variant, precision {:g} %):\n\n",
                              spec.scenario, slo, spec.replications, 100 * spec.precision);
  s += "| variant | capacity (requests/s) | 95 % CI | in band | validation | source |\n|---|---|---|---|---|---|\n";
  double lo = 0, hi = 0;
  int in_band = 0;
  for (const BandRow& r : rows) {
    s += fmt::format("| {} | {} | {} | {} | {} | {} |\n", r.variant.label, r.found ? fmt::format("{:.4g}", r.mean) : "not found",
                     r.found && r.n > 1 ? fmt::format("± {:.2g}", r.ci95) : "", r.variant.in_band ? "yes" : "no",
                     r.variant.validation, r.variant.source);
    if (r.found && r.variant.in_band) {
      lo = in_band == 0 ? r.mean : std::min(lo, r.mean);
      hi = in_band == 0 ? r.mean : std::max(hi, r.mean);
      ++in_band;
    }
  }
  if (in_band == 0)
    s += "\nBand: none (no validated variant found its capacity).\n";
  else
    s += fmt::format("\nBand: {:.4g} to {:.4g} requests/s over {} validated variant(s).\n", lo, hi, in_band);
  return s;
}

int run_capacity_band(const CapacitySpec& spec, const std::vector<BandVariant>& variants, std::ostream& out,
                      std::ostream& err) {
  std::vector<BandRow> rows;
  nlohmann::json report = {{"scenario", spec.scenario}, {"slo", spec.slo}, {"variants", nlohmann::json::array()}};
  int code = 0;
  for (std::size_t k = 0; k < variants.size(); ++k) {
    BandRow row;
    row.variant = variants[k];
    CapacitySpec one = spec;
    one.sets.insert(one.sets.end(), variants[k].sets.begin(), variants[k].sets.end());
    one.dir = (fs::path(spec.dir) / fmt::format("{}-variant", k)).string();
    row.dir = one.dir;
    err << fmt::format("variant {}: {}\n", k, variants[k].label);
    std::ostringstream quiet;  // the per-variant summary goes to the table, not to out
    if (run_capacity(one, quiet, err) != 0) code = 1;
    const nlohmann::json cap = read_json(fs::path(one.dir) / "capacity.json");
    if (cap.contains("capacity_rps")) {
      row.found = true;
      row.mean = cap["capacity_rps"]["mean"].get<double>();
      row.ci95 = cap["capacity_rps"]["ci95"].get<double>();
      row.n = cap["capacity_rps"]["n"].get<std::uint32_t>();
    }
    report["variants"].push_back({{"label", row.variant.label}, {"sets", row.variant.sets},
                                  {"validation", row.variant.validation}, {"source", row.variant.source},
                                  {"in_band", row.variant.in_band}, {"found", row.found}, {"capacity_rps", row.mean},
                                  {"ci95", row.ci95}, {"dir", row.dir}});
    rows.push_back(std::move(row));
  }
  const std::string md = band_markdown(spec, rows);
  write_file_atomically((fs::path(spec.dir) / "band.md").string(), md);
  write_file_atomically((fs::path(spec.dir) / "band.json").string(), report.dump(2) + "\n");
  out << md << fmt::format("\ndetails: {}/band.json\n", spec.dir);
  return code;
}

}  // namespace opgsim::analysis
