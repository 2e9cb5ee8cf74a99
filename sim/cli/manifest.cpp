// manifest.json (see manifest.hpp; fields declared in analysis/output/manifest_fields.cpp).
#include "git_revision.hpp"
#include "sim/cli/manifest.hpp"

#include "analysis/output/manifest_fields.hpp"

#include <ctime>

#include <fmt/format.h>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/version.h>
#include <sys/resource.h>

namespace opgsim::cli {

long peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss * 1024L;  // Linux reports kilobytes
}

namespace {
std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}
}  // namespace

nlohmann::json make_manifest(const Scenario& s, const engine::RunOutput& run, const std::string& command_line,
                             double total_wall_s) {
  // A long-horizon run (scenario `horizon`) counts its periods' offered requests instead.
  const bool horizon = run.summary.contains("horizon");
  const auto submitted = horizon ? run.summary["horizon"]["offered"].get<std::uint64_t>()
                                 : run.summary["requests"]["submitted"].get<std::uint64_t>();
  nlohmann::json m;
  m["opgsim_version"] = OPGSIM_VERSION;
  m["git_revision"] = OPGSIM_GIT_REV;
  m["simgrid_version"] = fmt::format("{}.{}.{}", SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR, SIMGRID_VERSION_PATCH);
  m["command_line"] = command_line;
  m["scenario_file"] = s.file;
  m["scenario_name"] = s.name;
  m["seed"] = s.seed;
  m["finished_at"] = utc_now();
  m["wall_time_s"] = total_wall_s;
  m["run_wall_time_s"] = run.run_wall_s;
  m["peak_memory_bytes"] = peak_rss_bytes();
  m["events"] = run.events;
  m["events_per_s"] = run.run_wall_s > 0 ? run.events / run.run_wall_s : 0.0;
  m["requests_per_wall_s"] = run.run_wall_s > 0 ? submitted / run.run_wall_s : 0.0;
  m["sim_end_s"] = run.sim_end_s;
  if (horizon) m["request_level_simulations"] = run.summary["horizon"]["windows_simulated"];
  m["files"] = {"manifest.json", "summary.json", "timeseries.csv"};
  if (!run.ledger_csv.empty()) m["files"].push_back("ledger.csv");
  if (!run.accounts_csv.empty()) m["files"].push_back("accounts.csv");
  if (!run.events_csv.empty()) m["files"].push_back("events.csv");
  m["scenario"] = s.resolved;
  analysis::output::manifest_fields().require_declared(m);  // every key declared (analysis/output)
  return m;
}

}  // namespace opgsim::cli
