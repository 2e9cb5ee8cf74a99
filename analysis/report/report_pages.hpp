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
// The time-series figure of a run's timeseries.csv.
// roles: every role's signal declarations (their panels).
Figure timeseries_figure(const std::filesystem::path& file, const std::string& name, const std::string& title,
                         std::span<const RoleSignals> roles);

// The economy figure of a run's ledger.csv, and the table of a run's key numbers.
Figure ledger_figure(const std::filesystem::path& file, const std::string& title);
std::string summary_table_html(const std::optional<nlohmann::json>& s, std::span<const RoleSignals> roles);

Page run_page(const std::filesystem::path& dir, std::span<const RoleSignals> roles);
// A long-horizon run's page (report_horizon.cpp): run_page hands over when summary.json has `horizon`.
Page horizon_run_page(const std::filesystem::path& dir, std::span<const RoleSignals> roles);
// plot_file: where the sweep's plotting table is written for the gnuplot scripts.
Page sweep_page(const std::filesystem::path& dir, const std::filesystem::path& plot_file,
                std::span<const RoleSignals> roles);

}  // namespace opgsim::analysis::report::pages
