// Checks metric paths named on the command line (see metric_paths.hpp).
#include "sim/cli/metric_paths.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/output/summary_fields.hpp"
#include "analysis/output/timeseries_columns.hpp"
#include "analysis/slo.hpp"
#include "models/common/input_error.hpp"
#include "sim/config/suggest.hpp"
#include "sim/roles/role_registry.hpp"

namespace opgsim::cli {

const std::vector<std::string>& known_metric_paths() {
  static const std::vector<std::string> paths = [] {
    std::vector<std::string> out{"offered_rps", "throughput_rps"};
    const auto& fields = analysis::output::summary_fields();
    for (const auto& f : fields.fields()) {
      if (f.opaque) continue;  // an object whose inside is not declared: not one number
      for (std::string& p : fields.expand(f.path)) out.push_back(std::move(p));
    }
    for (const auto& col : analysis::output::timeseries_signal_columns(role_signals()))
      for (const char* stat : {"mean", "max"}) out.push_back(fmt::format("signals.{}.{}", col.name, stat));
    return out;
  }();
  return paths;
}

namespace {
// "" when `path` is known, else what is wrong with it.
std::string problem(const std::string& path) {
  const auto& known = known_metric_paths();
  if (std::find(known.begin(), known.end(), path) != known.end()) return {};
  std::string what = fmt::format("'{}' is not a metric a run writes", path);
  if (auto near = config::closest(path, known)) what += fmt::format(" (did you mean '{}'?)", *near);
  return what + "; summary.json's fields are listed in results/README.md";
}
}  // namespace

void check_metric_path(const std::string& path, std::string_view flag) {
  if (std::string what = problem(path); !what.empty()) throw InputError(fmt::format("{}: {}", flag, what));
}

void check_metric_paths(const std::vector<std::string>& paths, std::string_view flag) {
  for (const std::string& p : paths) check_metric_path(p, flag);
}

void check_slo_paths(const std::vector<std::string>& slo) {
  for (const std::string& text : slo) check_metric_path(analysis::parse_slo(text).path, fmt::format("--slo '{}'", text));
}

}  // namespace opgsim::cli
