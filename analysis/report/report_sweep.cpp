// `opgsim report`: the sweep page (see report_pages.hpp).
#include "analysis/report/report_pages.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analysis/curve.hpp"
#include "models/common/input_error.hpp"
#include "models/lifecycle/stage.hpp"
#include "analysis/report/gnuplot.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/report/palette.hpp"
#include "analysis/io/run_files.hpp"

namespace opgsim::analysis::report::pages {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// ---------------------------------------------------------------------------------------------
// A sweep (curve.csv)

struct Curve {
  Table t;
  std::vector<std::string> params;   // the leading columns
  std::vector<std::string> metrics;  // m of the m_mean, m_ci95, m_n triples
};


// curve.csv as opgsim sweep writes it (the format's rules live in analysis/curve.hpp), kept as a
// table because the gnuplot scripts read its columns by name.
Curve read_curve(const fs::path& file) {
  const analysis::Curve parsed = analysis::parse_curve_csv(read_text(file), file.string());
  Curve c{read_csv(file), parsed.param_names, parsed.metric_names};
  if (c.t.rows.empty()) throw InputError(fmt::format("{}: no points (only a header)", c.t.file));
  for (const char* m : {"throughput_rps", "latency_s.p50", "latency_s.p99"})
    if (!c.t.has(std::string(m) + "_mean")) throw InputError(fmt::format("{}: no column {}_mean", c.t.file, m));
  return c;
}

// The sweep's example run: the highest point's replication 0 that has a timeseries.csv.
std::optional<std::pair<std::string, long>> example_run(const fs::path& dir) {
  static const std::regex name_re(R"(p([0-9]+)-r0)");
  std::optional<std::pair<std::string, long>> best;
  std::error_code ec;
  if (!fs::is_directory(dir / "runs", ec)) return best;
  for (const auto& e : fs::directory_iterator(dir / "runs", ec)) {
    const std::string n = e.path().filename().string();
    std::smatch m;
    if (!std::regex_match(n, m, name_re) || !fs::is_regular_file(e.path() / "timeseries.csv")) continue;
    const long point = std::stol(m[1].str());
    if (!best || point > best->second) best = std::make_pair(n, point);
  }
  return best;
}

std::string short_value(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

Page sweep_page(const fs::path& dir, const fs::path& plot_file, std::span<const RoleSignals> roles,
                const std::vector<std::string>& slo) {
  const Curve c = read_curve(dir / "curve.csv");
  const auto sweep = read_json_if_present(dir / "sweep.json");
  const auto example = example_run(dir);
  std::optional<json> example_manifest;
  if (example) example_manifest = read_json_if_present(dir / "runs" / example->first / "manifest.json");
  std::optional<json> first_manifest = example_manifest;
  if (const auto m0 = read_json_if_present(dir / "runs" / "p0000-r0" / "manifest.json")) first_manifest = m0;

  std::string name = json_string(first_manifest, "scenario_name");
  if (name.empty()) name = fs::path(json_string(sweep, "scenario")).stem().string();
  if (name.empty()) name = folder_name(dir);

  const Table& t = c.t;
  const std::size_t n = t.rows.size();
  auto col = [&](const std::string& m, const char* part) { return t.numbers(m + "_" + part); };
  auto has = [&](const std::string& m) { return t.has(m + "_mean"); };

  // The x axis: the offered load, else the first parameter (its values, or the point number).
  std::vector<double> x(n, kNaN), xci(n, 0.0);
  std::string xlabel;
  bool diag = false, x_is_offered = false;
  // A sweep over the load (or over nothing) is drawn against the offered load; a sweep over any
  // other parameter (a fee, a subsidy, a node count) against that parameter.
  const bool load_sweep = c.params.empty() || c.params[0].rfind("workload.", 0) == 0;
  if (has("offered_rps") && load_sweep) {
    x = col("offered_rps", "mean");
    const auto ci = col("offered_rps", "ci95");
    for (std::size_t i = 0; i < n; ++i) xci[i] = std::isfinite(ci[i]) ? ci[i] : 0.0;
    xlabel = "offered load (requests / s)";
    diag = x_is_offered = true;
  } else if (!c.params.empty()) {
    const int pc = t.column(c.params[0]);
    bool numeric = true;
    for (std::size_t i = 0; i < n; ++i) {
      const auto v = number(t.rows[i][static_cast<std::size_t>(pc)]);
      numeric = numeric && v.has_value();
      x[i] = v.value_or(static_cast<double>(i));
    }
    if (!numeric)
      for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i);
    xlabel = numeric ? c.params[0] : c.params[0] + " (point number: see the table)";
  } else {
    throw InputError(fmt::format("{}: neither offered_rps_mean nor a parameter column for the x axis", t.file));
  }

  // One line per combination of the parameters after the first (all of them but the x one).
  std::vector<std::string> keys(n), series_titles;
  std::vector<int> series(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> parts;
    for (std::size_t k = 1; k < c.params.size(); ++k)
      parts.push_back(leaf(c.params[k]) + "=" + t.rows[i][static_cast<std::size_t>(t.column(c.params[k]))]);
    keys[i] = fmt::format("{}", fmt::join(parts, " "));
    const auto it = std::find(series_titles.begin(), series_titles.end(), keys[i]);
    series[i] = static_cast<int>(it - series_titles.begin());
    if (it == series_titles.end()) series_titles.push_back(keys[i]);
  }
  const int nseries = static_cast<int>(series_titles.size());

  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (series[a] != series[b]) return series[a] < series[b];
    if (std::isnan(x[a]) || std::isnan(x[b])) return !std::isnan(x[a]) && std::isnan(x[b]);
    return x[a] < x[b];
  });

  // The plot copy: sorted, with series, label and x, every missing interval as 0.
  std::map<std::string, std::vector<double>> means, cis;
  for (const std::string& m : c.metrics) {
    means[m] = col(m, "mean");
    cis[m] = col(m, "ci95");
  }
  auto cell = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string("nan"); };
  std::string plot = "point,series,label,x,x_ci";
  for (const std::string& m : c.metrics) plot += "," + m + "_mean," + m + "_ci95";
  plot += "\n";
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    std::string label;
    if (x_is_offered) {
      label = std::isfinite(x[i]) ? (std::abs(x[i]) >= 10 ? fmt::format("{:.0f}", x[i]) : fmt::format("{:.3g}", x[i]))
                                  : "?";
    } else {
      label = t.rows[i][static_cast<std::size_t>(t.column(c.params[0]))];
    }
    if (nseries > 1) label += fmt::format(" ({})", keys[i]);
    for (char& ch : label)
      if (ch == ',' || ch == '"' || ch == '\'') ch = ' ';
    plot += fmt::format("{},{},{},{},{}", i, series[i], label, cell(x[i]), cell(xci[i]));
    for (const std::string& m : c.metrics)
      plot += fmt::format(",{},{}", cell(means[m][i]), std::isfinite(cis[m][i]) ? cell(cis[m][i]) : std::string("0"));
    plot += "\n";
  }

  Page p;
  // The sweep's fixed overrides (--set, sweep.json's sets) in the title.
  std::vector<std::string> fixed;
  if (sweep)
    if (const json* sets = at_path(*sweep, "sets"); sets != nullptr && sets->is_array())
      for (const json& v : *sets) fixed.push_back(short_value(v));
  p.title = "opgsim sweep: " + name + overrides_title(fixed);
  p.files.emplace_back("curve-plot.csv", plot);
  const std::string plot_in = fs::absolute(plot_file).string();
  const std::string titles = gp_words(series_titles);
  const std::string by = nseries > 1 ? " (one line per value of the other parameters)" : "";

  // analyze's verdict on the folder: its knee is marked at the knee point's x (one line only:
  // with several, the knee's point is on one of them), its bounds on the figure of their metric.
  std::string why_not;
  const std::optional<FolderAnalysis> a = analysis_of(dir, slo, roles, why_not);
  Marks marks;
  if (a) {
    marks.slo = a->terms;
    marks.default_slo = a->default_terms;
    if (a->knee.found && nseries == 1 && a->knee.index < n && std::isfinite(x[a->knee.index])) {
      marks.knee_x = x[a->knee.index];
      marks.knee_label = fmt::format("knee: {}", a->knee.resource);
    }
  }
  // A figure of curve metrics against x, with the marks that belong to it.
  auto metrics_figure = [&](const std::string& fname, std::vector<std::string> ms, std::vector<std::string> mtitles,
                            const std::string& ylabel, const std::string& ftitle, bool with_diag, const std::string& alt,
                            std::string caption) {
    std::vector<std::string> keep, keep_t, colours;
    bool all_positive = true;
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (std::size_t k = 0; k < ms.size(); ++k) {
      if (!has(ms[k])) continue;
      keep.push_back(ms[k]);
      keep_t.push_back(mtitles[k]);
      std::string key = ms[k];  // the palette's name: "latency_s.p99" -> "latency_p99"
      if (const auto d = key.find("_s."); d != std::string::npos) key = key.substr(0, d) + "_" + key.substr(d + 3);
      if (key.rfind("economy.", 0) == 0 || key.rfind("signals.", 0) == 0) key = key.substr(key.find('.', 8) + 1);
      if (const auto d = key.find('.'); d != std::string::npos) key = key.substr(0, d);
      if (key == "throughput_rps") key = "throughput";
      if (key == "delivered_rps") key = "delivered";
      colours.push_back(colour_of(key));
      for (double v : means[ms[k]])
        if (std::isfinite(v)) {
          all_positive = all_positive && v > 0;
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
    }
    if (keep.empty()) return;
    // A price (or any all-positive metric spanning two decades) on a log axis: 0.001 USD is not 0.
    const bool price = std::any_of(keep.begin(), keep.end(), [](const std::string& m) { return m.find("price") != std::string::npos; });
    const bool logy = all_positive && hi > 0 && (price || (ylabel.find("latency") != std::string::npos) || hi / lo >= 100);
    std::vector<std::string> slo_y, slo_t;
    for (const SloTerm& t : marks.slo) {
      const std::string head = t.path.substr(0, t.path.find('.'));
      if (std::none_of(keep.begin(), keep.end(), [&](const std::string& m) { return m.substr(0, m.find('.')) == head; })) continue;
      slo_y.push_back(fmt::format("{}", t.bound));
      slo_t.push_back(fmt::format("{}{}", marks.default_slo ? "default knee criterion: " : "SLO: ", t.text));
    }
    if (std::isfinite(marks.knee_x))
      caption += fmt::format(" The dotted line at {} is analyze's knee ({}).", num(marks.knee_x), esc(a->knee.resource));
    if (!slo_y.empty()) caption += " The dashed lines are the bounds analyze judged by.";
    if (logy) caption += " Log y axis.";
    p.figures.push_back(Figure{
        fname, "sweep-metrics.gp",
        {str_var("in", plot_in), str_var("title", ftitle), str_var("xlabel", xlabel), str_var("ylabel", ylabel),
         str_var("metrics", gp_words(keep)), str_var("mtitles", gp_words(keep_t)), str_var("mcolours", gp_words(colours)),
         int_var("nseries", nseries), str_var("titles", titles), int_var("diag", with_diag), int_var("logy", logy),
         Var{"knee_x", std::isfinite(marks.knee_x) ? fmt::format("{}", marks.knee_x) : "-1e308"},
         str_var("knee_label", marks.knee_label), str_var("slo_y", gp_words(slo_y)), str_var("slo_t", gp_words(slo_t)),
         str_var("c_knee", colour_of("knee")), str_var("c_slo", colour_of("slo")), str_var("c_diag", colour_of("diagonal"))},
        alt, caption});
  };
  const std::string against = x_is_offered ? "the offered load" : "<code>" + esc(xlabel) + "</code>";
  const std::string ci = ", mean over the replications with 95 % confidence intervals" + by + ".";

  // A sweep over a non-load parameter: the economy's metrics (requested with --metric) first,
  // one figure each, against the parameter (operators active vs fee, users vs subsidy).
  if (!x_is_offered)
    for (const std::string& m : c.metrics)
      if (m.rfind("economy.", 0) == 0) {
        std::string fname = "econ-" + m.substr(8);
        for (char& ch : fname)
          if (ch == '.') ch = '-';
        metrics_figure(fname, {m}, {leaf(m)}, m, name + ": " + m + " vs " + xlabel, false, m + " against " + xlabel,
                       "<code>" + esc(m) + "</code> against " + against + ci);
      }

  const bool delivered = has("delivered_rps");
  metrics_figure("throughput", {"throughput_rps", "delivered_rps"}, {"throughput (settled)", "delivered (answers)"},
                 "requests / s", name + ": throughput", diag, "Throughput against " + xlabel,
                 "Throughput (requests completed per second of the measured span)" +
                     std::string(delivered ? " and delivered (answers users got, before the background stages)" : "") +
                     " against " + against + ci +
                     (diag ? " Below the dashed line y = x, requests were lost (rejected, timed out, failed or invalid)." : ""));
  metrics_figure("latency", {"latency_s.p50", "latency_s.p99"}, {"latency p50", "latency p99"}, "latency (s)",
                 name + ": latency", false, "Latency p50 and p99 against " + xlabel,
                 "User-seen latency (result received − submission), p50 and p99 of the measured completed requests, "
                 "against " + against + ci);
  if ((has("ttft_s.p99") && any_positive(means["ttft_s.p99"])))
    metrics_figure("ttft", {"ttft_s.p99", "tpot_s.p99"}, {"TTFT p99", "TPOT p99"}, "seconds", name + ": TTFT and TPOT",
                   false, "TTFT and TPOT p99 against " + xlabel,
                   "Time to first token and time per output token, p99 of the measured requests, against " + against + ci);
  if (has("finality_s.p99") && any_positive(means["finality_s.p99"]))
    metrics_figure("finality", {"finality_s.p50", "finality_s.p99"}, {"finality p50", "finality p99"}, "finality (s)",
                   name + ": finality", false, "Finality against " + xlabel,
                   "Finality (submission to the settlement in a committed block), p50 and p99, against " + against + ci);
  // An SLO on a metric none of the figures above draws gets a figure of its own.
  for (const SloTerm& t : marks.slo) {
    const std::string head = t.path.substr(0, t.path.find('.'));
    static const std::vector<std::string> drawn{"throughput_rps", "delivered_rps", "latency_s", "ttft_s", "tpot_s", "finality_s"};
    if (std::find(drawn.begin(), drawn.end(), head) != drawn.end() || !has(t.path)) continue;
    if (t.path.rfind("economy.", 0) == 0 && !x_is_offered) continue;
    std::string fname = "slo-" + t.path;
    for (char& ch : fname)
      if (ch == '.') ch = '-';
    metrics_figure(fname, {t.path}, {leaf(t.path)}, t.path, name + ": " + t.path, false, t.path + " against " + xlabel,
                   "<code>" + esc(t.path) + "</code>, judged by an SLO, against " + against + ci);
  }

  std::vector<std::string> fg, bg;
  // The lifecycle's stages, foreground (they add up to the latency) and background.
  for (const lifecycle::StageInfo& stage : lifecycle::stage_table()) {
    const std::string s = stage.name, metric = "stages." + s + ".mean";
    if (has(metric) && any_positive(means[metric])) (stage.path == lifecycle::Path::Foreground ? fg : bg).push_back(s);
  }
  if (!fg.empty()) {
    p.figures.push_back(Figure{
        "stages",
        "sweep-stages.gp",
        {str_var("in", plot_in), str_var("title", name + ": where the time goes"),
         str_var("xlabel", xlabel), str_var("fg", gp_words(fg)),
         str_var("bg", gp_words(bg)), str_var("fg_c", gp_colours(fg)), str_var("bg_c", gp_colours(bg))},
        "Mean time per stage at each point",
        "Mean time per stage of the measured completed requests at each point (" + fmt::format("{}", fmt::join(fg, ", ")) +
            "): stacked, they add up to the mean latency" +
            (bg.empty() ? std::string(".")
                        : "; below, the background stages (" + fmt::format("{}", fmt::join(bg, ", ")) +
                              ") that follow the delivery, each a mean over the requests that went through it.")});
  }

  std::string example_desc;
  if (example) {
    std::vector<std::string> vals;
    if (example_manifest)
      for (const std::string& prm : c.params)
        if (const json* v = at_path(*example_manifest, "scenario." + prm)) vals.push_back(leaf(prm) + "=" + short_value(*v));
    example_desc = "runs/" + example->first + (vals.empty() ? "" : fmt::format(", {}", fmt::join(vals, " ")));
    Figure ts = timeseries_figure(dir / "runs" / example->first / "timeseries.csv", "timeseries",
                                  name + ": one run (" + example_desc + ")", roles);
    ts.caption = "One run of the last point (" + esc(example_desc) + ", replication 0) over time. " + ts.caption;
    p.figures.push_back(ts);
  }

  p.subtitle = fmt::format("The sweep in {}: {} point{}", esc(dir.string()), n, n == 1 ? "" : "s");
  if (const auto r = json_number(sweep, "replications")) p.subtitle += fmt::format(", {} replication{} each", num(*r), *r == 1 ? "" : "s");
  p.subtitle += ".";

  std::string& b = p.body;
  if (const std::string d = json_string(first_manifest, "scenario.description"); !d.empty())
    b += "<p>" + inline_md(d) + "</p>\n";
  std::string analyze_cmd = "opgsim analyze " + dir.string();
  for (const std::string& t : slo) analyze_cmd += " --slo '" + t + "'";
  b += verdict_html(a, why_not, "", analyze_cmd);
  b += "<h2>What was run</h2>\n";
  if (const std::string cmd = json_string(sweep, "command_line"); !cmd.empty()) b += "<pre>" + esc(cmd) + "</pre>\n";
  if (sweep) {
    b += "<dl>\n";
    if (const std::string s = json_string(sweep, "scenario"); !s.empty())
      b += "<dt>scenario</dt><dd><code>" + esc(s) + "</code></dd>\n";
    if (const json* prm = at_path(*sweep, "params"); prm != nullptr && prm->is_array())
      for (const json& q : *prm) {
        if (!q.is_object() || !q.contains("path")) continue;
        std::vector<std::string> vals;
        if (q.contains("values") && q["values"].is_array())
          for (const json& v : q["values"]) vals.push_back(short_value(v));
        b += fmt::format("<dt>parameter</dt><dd><code>{}</code> = {}</dd>\n", esc(short_value(q["path"])),
                         esc(fmt::format("{}", fmt::join(vals, ", "))));
      }
    if (const json* z = at_path(*sweep, "zip"); z != nullptr && z->is_boolean())
      b += fmt::format("<dt>combined</dt><dd>{}</dd>\n", *z ? "zipped (i-th values together)" : "every combination");
    if (const json* sets = at_path(*sweep, "sets"); sets != nullptr && sets->is_array() && !sets->empty()) {
      std::vector<std::string> v;
      for (const json& s : *sets) v.push_back(short_value(s));
      b += "<dt>fixed</dt><dd><code>" + esc(fmt::format("{}", fmt::join(v, "  "))) + "</code></dd>\n";
    }
    if (const auto seed = json_number(sweep, "base_seed")) b += fmt::format("<dt>base seed</dt><dd>{}</dd>\n", num(*seed));
    b += "</dl>\n";
  }
  if (const std::string cmd = json_string(example_manifest, "command_line"); !cmd.empty())
    b += "<p>One of its runs (" + esc(example_desc) + "):</p>\n<pre>" + esc(cmd) + "</pre>\n";

  b += "<h2>Figures</h2>\n";
  for (const Figure& f : p.figures) b += figure_html(f);

  b += "<h2>Points of the curve (curve.csv)</h2>\n<p>Mean over the replications <span class=\"ci\">&plusmn; "
       "half-width of the 95 % confidence interval</span>.</p>\n<table>\n<tr>";
  for (const std::string& prm : c.params) b += fmt::format("<th class=\"l\" title=\"{}\">{}</th>", esc(prm), esc(leaf(prm)));
  b += "<th>offered (req/s)</th><th>throughput (req/s)</th><th>latency p50 (s)</th><th>latency p99 (s)</th>"
       "<th>success ratio</th><th>runs</th></tr>\n";
  const std::vector<double> none(n, kNaN);
  const auto& off_m = has("offered_rps") ? means["offered_rps"] : none;
  const auto& off_c = has("offered_rps") ? cis["offered_rps"] : none;
  const auto& sr_m = has("measured.success_ratio") ? means["measured.success_ratio"] : none;
  const auto& sr_c = has("measured.success_ratio") ? cis["measured.success_ratio"] : none;
  const std::vector<double> runs = col("throughput_rps", "n");
  for (std::size_t i = 0; i < n; ++i) {
    b += "<tr>";
    for (const std::string& prm : c.params)
      b += "<td class=\"l\">" + esc(t.rows[i][static_cast<std::size_t>(t.column(prm))]) + "</td>";
    b += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                     mean_ci(off_m[i], off_c[i]), mean_ci(means["throughput_rps"][i], cis["throughput_rps"][i]),
                     mean_ci(means["latency_s.p50"][i], cis["latency_s.p50"][i]),
                     mean_ci(means["latency_s.p99"][i], cis["latency_s.p99"][i]), mean_ci(sr_m[i], sr_c[i]),
                     num(runs[i]));
  }
  b += "</table>\n<p>The sweep figures are drawn from <a href=\"curve-plot.csv\">curve-plot.csv</a>, curve.csv sorted "
       "by x with the columns the scripts use.</p>\n";
  return p;
}

}  // namespace opgsim::analysis::report::pages
