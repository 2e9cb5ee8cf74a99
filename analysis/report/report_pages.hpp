// The pages of `opgsim report`, internal to it: a run folder's page (time series, ledger,
// summary table) and a sweep folder's page (curve figures and table), plus the small readers
// both use. write_report.cpp draws the figures and writes the folder.
#pragma once

#include <filesystem>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/output/signal_decl.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/slo.hpp"
#include "analysis/sweep/breaking_point.hpp"

namespace opgsim::analysis::report::pages {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Page {
  std::string title, subtitle, body;
  std::vector<Figure> figures;
  std::vector<std::pair<std::string, std::string>> files;  // extra files for the report folder
};

// A JSON file if it exists (InputError if it is malformed).
std::optional<nlohmann::json> read_json_if_present(const std::filesystem::path& p);
// The value at a dotted path of a JSON object, if there is one.
const nlohmann::json* at_path(const nlohmann::json& j, const std::string& path);
// A number at a dotted path, if there is one; the string at a dotted path ("" if none).
std::optional<double> json_number(const std::optional<nlohmann::json>& j, const std::string& path);
std::string json_string(const std::optional<nlohmann::json>& j, const std::string& path);
bool any_positive(const std::vector<double>& v);
// The folder's own name, also when given with a trailing slash.
std::string folder_name(const std::filesystem::path& dir);
// What the figures mark: analyze's knee (a vertical line at its x, labelled) and the SLO terms
// it judged by (a horizontal line at each bound, on the panel of its metric).
struct Marks {
  double knee_x = kNaN;  // a run: the knee window's start time; a sweep: the knee point's x
  std::string knee_label;
  std::vector<SloTerm> slo;
  bool default_slo = false;  // the default knee criteria (no --slo given)
};
// The bound of the first "<=" term on a path starting with `prefix` ("latency_s."), or -1.
double slo_bound(const Marks& m, const std::string& prefix, std::string* text = nullptr);

// The time-series figure of a run's timeseries.csv.
// roles: every role's signal declarations (their panels).
Figure timeseries_figure(const std::filesystem::path& file, const std::string& name, const std::string& title,
                         std::span<const RoleSignals> roles, const Marks& marks = {});

// analyze on DIR (analysis/sweep/breaking_point.hpp, the same code as `opgsim analyze DIR
// [--slo ...]`): nullopt with `why_not` when it finds no measured point (a run too short).
std::optional<FolderAnalysis> analysis_of(const std::filesystem::path& dir, const std::vector<std::string>& slo,
                                          std::span<const RoleSignals> roles, std::string& why_not);
// The report's verdict section: the one-line verdict (a run's, as its summary table ends) and
// analyze's report, word for word.
std::string verdict_html(const std::optional<FolderAnalysis>& a, const std::string& why_not, const std::string& one_line,
                         const std::string& command);
// The `--set path=value` overrides of a command line (manifest.json's command_line), in order.
std::vector<std::string> set_overrides(const std::string& command_line);
// The page title's tail for overrides: " (--set a=1, --set b=2)", or "".
std::string overrides_title(const std::vector<std::string>& overrides);

// The economy figure of a run's ledger.csv, and the table of a run's key numbers.
Figure ledger_figure(const std::filesystem::path& file, const std::string& title, const Marks& marks = {});
std::string summary_table_html(const std::optional<nlohmann::json>& s, std::span<const RoleSignals> roles);

// A long-horizon run's page (report_horizon.cpp): run_page hands over when summary.json has
// `horizon`; its verdict is analyze's on the periods (analysis/sweep/horizon_verdict.hpp).
Page horizon_run_page(const std::filesystem::path& dir, std::span<const RoleSignals> roles,
                      const std::vector<std::string>& slo);

// slo: the --slo terms of `opgsim report` (as analyze's), empty for the default knee criteria.
Page run_page(const std::filesystem::path& dir, std::span<const RoleSignals> roles,
              const std::vector<std::string>& slo = {});
// plot_file: where the sweep's plotting table is written for the gnuplot scripts.
Page sweep_page(const std::filesystem::path& dir, const std::filesystem::path& plot_file,
                std::span<const RoleSignals> roles, const std::vector<std::string>& slo = {});

}  // namespace opgsim::analysis::report::pages
