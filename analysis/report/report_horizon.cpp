// `opgsim report` on a long-horizon run folder (summary.json has a `horizon` block): its
// timeseries.csv has one row per period (analysis/output/horizon_columns.cpp), so the page draws
// demand, delivery, latency and capacity over days, the economy's ledger as for short runs, and
// a table of where the periods' performance came from.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/io/run_files.hpp"
#include "analysis/report/report_pages.hpp"
#include "analysis/sweep/horizon_verdict.hpp"
#include "models/common/input_error.hpp"

namespace opgsim::analysis::report::pages {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
Figure horizon_figure(const fs::path& file, const std::string& title) {
  const Table ts = read_csv(file);
  if (ts.rows.empty()) throw InputError(fmt::format("{}: no rows (only a header)", ts.file));
  for (const char* c : {"t_start_s", "t_end_s", "offered_rps", "throughput_rps", "active_users", "latency_p50_s",
                        "latency_p99_s", "ttft_p99_s", "active_operators", "active_nodes", "completed_fraction"})
    ts.numbers(c);  // present and numeric
  if (!ts.has("perf_source")) throw InputError(fmt::format("{}: no column perf_source", ts.file));
  // A log axis needs positive values: idle periods (no requests) report 0 latency.
  const std::vector<double> p99 = ts.numbers("latency_p99_s");
  const bool logy = std::all_of(p99.begin(), p99.end(), [](double v) { return v > 0; });
  const std::vector<double> t0 = ts.numbers("t_start_s"), t1 = ts.numbers("t_end_s");
  return Figure{"timeseries",
                "horizon-timeseries.gp",
                {str_var("in", fs::absolute(file).string()), str_var("title", title), int_var("logy", logy)},
                "Long horizon: " + title,
                fmt::format("Per period of {} s over {} periods: the economy's offered load and the delivered "
                            "throughput with the active users (a dot marks a period whose request-level window "
                            "was simulated for it; the others reused or interpolated cached windows); the latency "
                            "of the period's windows; the operators and inference nodes online and the fraction "
                            "of the period's requests completed.",
                            num(t1.front() - t0.front()), ts.rows.size())};
}

std::string horizon_table_html(const std::optional<json>& s, const std::optional<json>& manifest) {
  struct Row {
    const char* label;
    std::string path;
    const char* unit;
  };
  const std::vector<Row> rows{
      {"periods", "horizon.periods", ""},
      {"period length", "horizon.period_s", "s"},
      {"request-level window per operating point", "horizon.window_s", "s"},
      {"request rate grid step", "horizon.rate_step", ""},
      {"periods measured (window simulated for them)", "horizon.periods_measured", ""},
      {"periods reusing a window", "horizon.periods_reused", ""},
      {"periods interpolated between two windows", "horizon.periods_interpolated", ""},
      {"periods idle (no requests)", "horizon.periods_idle", ""},
      {"windows simulated", "horizon.windows_simulated", ""},
      {"windows found in the cache", "horizon.windows_reused", ""},
      {"requests offered", "horizon.offered", ""},
      {"requests completed", "horizon.completed", ""},
      {"requests failed", "horizon.failed", ""},
      {"requests slower than the timeout's SLO", "horizon.slow", ""},
      {"offered load (mean)", "horizon.offered_rps", "req/s"},
      {"delivered throughput (mean)", "horizon.throughput_rps", "req/s"},
      {"highest period p99 latency", "horizon.latency_p99_s_max", "s"},
  };
  std::string h = quantity_table_head();
  for (const Row& r : rows)
    if (const auto v = json_number(s, r.path))
      h += quantity_row(r.label, *v, r.unit);
  if (const auto n = json_number(manifest, "request_level_simulations"))
    h += quantity_row("request-level simulations this run needed", *n, "");
  return h + "</table>\n";
}
}  // namespace

Page horizon_run_page(const fs::path& dir, std::span<const RoleSignals> roles, const std::vector<std::string>& slo) {
  const auto manifest = read_json_if_present(dir / "manifest.json");
  const auto summary = read_json_if_present(dir / "summary.json");
  std::string name = json_string(manifest, "scenario_name");
  if (name.empty()) name = folder_name(dir);
  const std::string cmd = json_string(manifest, "command_line");
  const std::string title = name + overrides_title(set_overrides(cmd));
  // analyze's verdict on the periods (an --slo on a value periods lack is its error, exit 2).
  const std::string verdict = horizon_verdict(dir, slo);
  Page p;
  p.title = "opgsim long-horizon run: " + title;
  p.figures.push_back(horizon_figure(dir / "timeseries.csv", title));
  if (fs::is_regular_file(dir / "ledger.csv")) p.figures.push_back(ledger_figure(dir / "ledger.csv", title));
  p.subtitle = fmt::format("The run in {}", esc(dir.string()));
  if (const auto seed = json_number(manifest, "seed")) p.subtitle += fmt::format(", seed {}", num(*seed));
  if (const auto len = json_number(summary, "horizon.length_s"))
    p.subtitle += fmt::format(", {} simulated days", num(*len / 86400));
  p.subtitle += ".";
  std::string& b = p.body;
  if (const std::string d = json_string(manifest, "scenario.description"); !d.empty())
    b += "<p>" + inline_md(d) + "</p>\n";
  std::string analyze_cmd = "opgsim analyze " + dir.string();
  for (const std::string& t : slo) analyze_cmd += " --slo '" + t + "'";
  // The verdict is its text's last line (a note on the rule may come before it).
  const std::string trimmed = verdict.substr(0, verdict.find_last_not_of('\n') + 1);
  const std::string last_line = trimmed.substr(trimmed.rfind('\n') + 1);
  b += "<h2>Verdict</h2>\n<p class=\"verdict\"><strong>" + esc(last_line) + "</strong></p>\n<pre>$ " +
       esc(analyze_cmd) + "\n" + esc(verdict) + "</pre>\n";
  if (!cmd.empty()) b += "<h2>What was run</h2>\n<pre>" + esc(cmd) + "</pre>\n";
  b += "<h2>Figures</h2>\n";
  for (const Figure& f : p.figures) b += figure_html(f);
  b += "<h2>Periods and their performance (summary.json, horizon)</h2>\n" + horizon_table_html(summary, manifest);
  b += "<h2>Key numbers (summary.json)</h2>\n" + summary_table_html(summary, roles);
  return p;
}

}  // namespace opgsim::analysis::report::pages
