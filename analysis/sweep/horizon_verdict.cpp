// The long-horizon run's verdict (see horizon_verdict.hpp).
#include "analysis/sweep/horizon_verdict.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/io/run_files.hpp"
#include "analysis/slo.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace fs = std::filesystem;

bool is_horizon_run(const fs::path& dir) {
  if (!fs::is_regular_file(dir / "summary.json")) return false;
  return read_json(dir / "summary.json").contains("horizon");
}

namespace {
// Summary-like path -> timeseries.csv column of a long-horizon run.
const std::vector<std::pair<const char*, const char*>>& period_paths() {
  static const std::vector<std::pair<const char*, const char*>> paths{
      {"latency_s.p50", "latency_p50_s"},     {"latency_s.p99", "latency_p99_s"},
      {"ttft_s.p99", "ttft_p99_s"},           {"throughput_rps", "throughput_rps"},
      {"offered_rps", "offered_rps"},         {"completed_fraction", "completed_fraction"},
      {"operators_active", "active_operators"}, {"active_users", "active_users"}};
  return paths;
}
}  // namespace

std::string horizon_verdict(const fs::path& dir, const std::vector<std::string>& slo) {
  const Table t = read_csv(dir / "timeseries.csv");
  if (t.rows.empty()) throw InputError(fmt::format("{}: no period", (dir / "timeseries.csv").string()));
  std::map<std::string, std::vector<double>> values;
  for (const auto& [path, col] : period_paths()) values[path] = t.numbers(col);
  const std::vector<double> t0 = t.numbers("t_start_s");
  const std::size_t n = t0.size();

  std::vector<SloTerm> terms;
  std::string note;
  for (const std::string& s : slo) {
    terms.push_back(parse_slo(s));
    if (!values.count(terms.back().path)) {
      std::string known;
      for (const auto& [path, col] : period_paths()) known += (known.empty() ? "" : ", ") + std::string(path);
      throw InputError(fmt::format("--slo '{}': {} is not a value of a long-horizon run's periods (they have {})",
                                   terms.back().text, terms.back().path, known));
    }
  }
  if (terms.empty()) {
    // The lightest period that carried requests sets the latency yardstick.
    std::optional<std::size_t> lightest;
    for (std::size_t i = 0; i < n; ++i)
      if (values["offered_rps"][i] > 0 && values["latency_s.p99"][i] > 0 &&
          (!lightest || values["offered_rps"][i] < values["offered_rps"][*lightest]))
        lightest = i;
    terms.push_back(parse_slo("completed_fraction>=0.99"));
    if (lightest) terms.push_back(parse_slo(fmt::format("latency_s.p99<={:.6g}", 3 * values["latency_s.p99"][*lightest])));
    note = fmt::format("(no --slo given: using completed_fraction >= 0.99{}; idle periods are not judged)\n",
                       lightest ? fmt::format(" and latency_s.p99 <= {:.4g} s, 3x the lightest loaded period's",
                                              3 * values["latency_s.p99"][*lightest])
                                : std::string());
  }
  std::size_t judged = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (values["offered_rps"][i] <= 0) continue;  // an idle period has nothing to judge
    ++judged;
    const SloVerdict v = check_slo(terms, [&](const std::string& path) -> std::optional<double> {
      return values.at(path)[i];
    });
    if (!v.met)
      return note + fmt::format("broke in period {} of {} (from day {:.4g}, t = {:.0f} s): {}, at {:.4g} requests/s "
                                "offered with {:.0f} operators active and {:.0f} users\n",
                                i + 1, n, t0[i] / 86400, t0[i], v.detail, values["offered_rps"][i],
                                values["operators_active"][i], values["active_users"][i]);
  }
  double top = 0;
  for (double r : values["offered_rps"]) top = std::max(top, r);
  return note + fmt::format("holding: every one of {} loaded periods (of {}) met the SLO, offered up to {:.4g} "
                            "requests/s\n",
                            judged, n, top);
}

}  // namespace opgsim::analysis
