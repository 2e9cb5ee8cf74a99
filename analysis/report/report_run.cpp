// `opgsim report`: the run page and the readers both pages use (see report_pages.hpp).
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
#include "models/lifecycle/stage.hpp"
#include "models/common/input_error.hpp"
#include "analysis/report/gnuplot.hpp"
#include "analysis/report/report_html.hpp"
#include "analysis/report/palette.hpp"
#include "analysis/report/report_pages.hpp"
#include "analysis/io/run_files.hpp"

namespace opgsim::analysis::report::pages {

namespace fs = std::filesystem;
using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Input files

std::optional<json> read_json_if_present(const fs::path& p) {
  if (!fs::is_regular_file(p)) return std::nullopt;
  try {
    return json::parse(read_text(p));
  } catch (const json::parse_error& e) {
    throw InputError(fmt::format("{}: not valid JSON ({})", p.string(), e.what()));
  }
}

// The value at a dotted path of a JSON object, if there is one.
const json* at_path(const json& j, const std::string& path) {
  const json* cur = &j;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!cur->is_object() || !cur->contains(key)) return nullptr;
    cur = &(*cur)[key];
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
}

std::optional<double> json_number(const std::optional<json>& j, const std::string& path) {
  if (!j) return std::nullopt;
  const json* v = at_path(*j, path);
  if (v != nullptr && v->is_number()) return v->get<double>();
  return std::nullopt;
}

std::string json_string(const std::optional<json>& j, const std::string& path) {
  if (!j) return "";
  const json* v = at_path(*j, path);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}


bool any_positive(const std::vector<double>& v) {
  return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x) && x > 0; });
}

// The folder's own name, also when given with a trailing slash.
std::string folder_name(const fs::path& dir) {
  const fs::path p = fs::absolute(dir).lexically_normal();
  return p.has_filename() ? p.filename().string() : p.parent_path().filename().string();
}

// ---------------------------------------------------------------------------------------------
// A run's time series (timeseries.csv) and ledger (ledger.csv)

Figure timeseries_figure(const fs::path& file, const std::string& name, const std::string& title,
                         std::span<const RoleSignals> roles, const Marks& marks) {
  const Table ts = read_csv(file);
  if (ts.rows.empty()) throw InputError(fmt::format("{}: no rows (only a header)", ts.file));
  for (const char* c : {"t_start_s", "t_end_s", "arrivals", "throughput_rps", "latency_p50_s", "latency_p99_s",
                        "queue_length", "in_flight", "utilization_inference"})
    ts.numbers(c);  // present and numeric
  // A conditional column drawn only when present with something in it: absent means no panel.
  auto drawn = [&](const std::string& c) { return ts.has(c) && any_positive(ts.numbers(c)); };
  std::vector<std::string> lost, backlog, up, util, chain, chain_t;
  for (const char* c : {"rejected", "timed_out", "failed", "invalid"})
    if (drawn(c)) lost.emplace_back(c);
  // The roles' signals, by the panel they declare.
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals) {
      const std::string c(d.name);
      if (d.panel == SignalPanel::None || !drawn(c)) continue;
      const std::vector<double> v = ts.numbers(c);
      if (d.panel == SignalPanel::Backlog) backlog.push_back(c);
      if (d.panel == SignalPanel::Utilization) util.push_back(c);
      if (d.panel == SignalPanel::Chain) {
        chain.push_back(c);
        std::string t = fmt::format("{} ({})", d.doc, d.unit);
        // gnuplot words cannot hold a quote: the apostrophe as its typographic sign.
        for (std::size_t q = t.find('\''); q != std::string::npos; q = t.find('\'', q)) t.replace(q, 1, "\u2019");
        chain_t.push_back(t);
      }
      // A role's nodes-up count is drawn when it changes during the run (crashes, cuts, cold starts).
      if (d.panel == SignalPanel::Up && std::any_of(v.begin(), v.end(), [&](double x) { return x != v.front(); }))
        up.push_back(c);
    }
  const bool logy = any_positive(ts.numbers("latency_p50_s")) || any_positive(ts.numbers("latency_p99_s"));
  const bool finality = drawn("finality_p99_s");
  const bool ttft = ts.has("ttft_p50_s") && ts.has("tpot_p99_s") && drawn("ttft_p99_s");
  // Delivered differs from throughput when requests are counted at settlement (per-request settling).
  bool delivered = false;
  if (ts.has("delivered_rps")) {
    const auto d = ts.numbers("delivered_rps"), th = ts.numbers("throughput_rps");
    for (std::size_t i = 0; i < d.size(); ++i) delivered = delivered || std::abs(d[i] - th[i]) > 1e-9;
  }

  const std::vector<double> t0 = ts.numbers("t_start_s"), t1 = ts.numbers("t_end_s");
  const double window = t1.front() - t0.front();
  std::vector<std::string> panels{
      std::string("offered load and throughput") + (delivered ? " (and the answers delivered to users)" : "") +
          (lost.empty() ? "" : " with the requests lost"),
      "latency p50 and p99 of the requests completed in the window"};
  if (ttft) panels.emplace_back("time to first token and time per output token");
  if (finality) panels.emplace_back("finality p99");
  panels.emplace_back("waiting requests and utilization of the nodes that are up");
  if (!backlog.empty()) panels.emplace_back("the work waiting at the other roles");
  for (const std::string& c : chain) panels.push_back("the chain's " + c);
  if (!up.empty()) panels.emplace_back("the nodes up per role");
  std::string list;
  for (std::size_t i = 0; i < panels.size(); ++i)
    list += (i == 0 ? "" : i + 1 == panels.size() ? "; and " : "; ") + panels[i];
  std::string caption = fmt::format("Over simulated time, per {} s window: {}.", num(window), list);
  std::string lat_t, ttft_t, tpot_t, fin_t;
  const double slo_lat = slo_bound(marks, "latency_s.", &lat_t), slo_ttft = slo_bound(marks, "ttft_s.", &ttft_t),
               slo_tpot = slo_bound(marks, "tpot_s.", &tpot_t), slo_fin = slo_bound(marks, "finality_s.", &fin_t);
  if (std::isfinite(marks.knee_x))
    caption += fmt::format(" The dotted line at {} s is the knee analyze finds.", num(marks.knee_x));
  Figure f{name, "run-timeseries.gp",
           {str_var("in", fs::absolute(file).string()), str_var("title", title), str_var("lost", gp_words(lost)),
            str_var("lost_c", gp_colours(lost)), int_var("logy", logy), int_var("delivered", delivered),
            int_var("ttft", ttft), int_var("finality", finality),
            str_var("util", gp_words(util)), str_var("util_c", gp_colours(util)), str_var("backlog", gp_words(backlog)),
            str_var("backlog_c", gp_colours(backlog)), str_var("chain", gp_words(chain)),
            str_var("chain_t", gp_words(chain_t)), str_var("chain_c", gp_colours(chain)), str_var("up", gp_words(up)),
            str_var("up_c", gp_colours(up)), Var{"knee_t", std::isfinite(marks.knee_x) ? fmt::format("{}", marks.knee_x) : "-1"},
            str_var("knee_label", marks.knee_label), Var{"slo_lat", fmt::format("{}", slo_lat)},
            str_var("slo_lat_t", lat_t), Var{"slo_ttft", fmt::format("{}", ttft ? slo_ttft : -1)},
            str_var("slo_ttft_t", ttft_t), Var{"slo_tpot", fmt::format("{}", ttft ? slo_tpot : -1)},
            str_var("slo_tpot_t", tpot_t), Var{"slo_fin", fmt::format("{}", finality ? slo_fin : -1)},
            str_var("slo_fin_t", fin_t), str_var("c_offered", colour_of("offered")),
            str_var("c_throughput", colour_of("throughput")), str_var("c_delivered", colour_of("delivered")),
            str_var("c_p50", colour_of("latency_p50")), str_var("c_p99", colour_of("latency_p99")),
            str_var("c_ttft50", colour_of("ttft_p50")), str_var("c_ttft99", colour_of("ttft_p99")),
            str_var("c_tpot99", colour_of("tpot_p99")), str_var("c_fin", colour_of("finality_p99")),
            str_var("c_queue", colour_of("queue_length")), str_var("c_inflight", colour_of("in_flight")),
            str_var("c_util", colour_of("utilization_inference")), str_var("c_knee", colour_of("knee")),
            str_var("c_slo", colour_of("slo"))},
           "Time series: " + title, caption};
  return f;
}

Figure ledger_figure(const fs::path& file, const std::string& title, const Marks& marks) {
  const Table led = read_csv(file);
  if (led.rows.empty()) throw InputError(fmt::format("{}: no rows (only a header)", led.file));
  for (const char* c : {"t_end_s", "token_price_usd", "fees_units", "rewards_units", "slashed_units", "burned_units",
                        "operators_active", "operators_joining", "active_users"})
    led.numbers(c);
  const bool users = any_positive(led.numbers("active_users"));
  // x402's columns are conditional: present, the payments panel; absent, none.
  const bool payments = led.has("payments_units") && led.has("payments_pending_units") && led.has("payments_rejected");
  const bool logprice = any_positive(led.numbers("token_price_usd"));
  const std::vector<double> t = led.numbers("t_end_s");
  return Figure{"ledger",
                "run-ledger.gp",
                {str_var("in", fs::absolute(file).string()), str_var("title", title), int_var("users", users),
                 int_var("logprice", logprice), int_var("payments", payments),
                 Var{"knee_t", std::isfinite(marks.knee_x) ? fmt::format("{}", marks.knee_x) : "-1"},
                 str_var("knee_label", marks.knee_label), str_var("c_fees", colour_of("fees")),
                 str_var("c_rewards", colour_of("rewards")), str_var("c_slashed", colour_of("slashed")),
                 str_var("c_burned", colour_of("burned")), str_var("c_ops", colour_of("operators_active")),
                 str_var("c_joining", colour_of("operators_joining")), str_var("c_users", colour_of("active_users")),
                 str_var("c_price", colour_of("token_price_usd")), str_var("c_pay", colour_of("payments")),
                 str_var("c_pending", colour_of("payments_pending")), str_var("c_payrej", colour_of("payments_rejected")),
                 str_var("c_knee", colour_of("knee"))},
                "Economy: " + title,
                fmt::format("The token economy per epoch (epoch ends at {} s, {} s, ...): fees paid, staking rewards paid, "
                            "stake slashed and tokens burned in each epoch; operators in the network{}; the token "
                            "price{}{}.",
                            num(t.front()), t.size() > 1 ? num(t[1]) : "…", users ? " and active users" : "",
                            logprice ? " (log axis)" : "",
                            payments ? "; x402 payments charged, pending and rejected" : "")};
}

std::string summary_table_html(const std::optional<json>& s, std::span<const RoleSignals> roles) {
  if (!s) return "<p>No summary.json in the folder.</p>\n";
  struct Row {
    std::string label;
    std::string path;
    std::string unit;
  };
  std::vector<Row> rows{
      {"requests submitted", "requests.submitted", ""},
      {"completed", "requests.completed", ""},
      {"rejected", "requests.rejected", ""},
      {"timed out", "requests.timed_out", ""},
      {"failed", "requests.failed", ""},
      {"invalid", "requests.invalid", ""},
      {"unfinished", "requests.unfinished", ""},
      {"success ratio (measured)", "measured.success_ratio", ""},
      {"offered load", "offered_rps", "req/s"},
      {"throughput", "throughput_rps", "req/s"},
      {"latency mean", "latency_s.mean", "s"},
      {"latency p50", "latency_s.p50", "s"},
      {"latency p90", "latency_s.p90", "s"},
      {"latency p99", "latency_s.p99", "s"},
      {"latency max", "latency_s.max", "s"},
      {"finality p99", "finality_s.p99", "s"},
      {"data freshness p99", "freshness_s.p99", "s"},
      {"TTFT p99", "ttft_s.p99", "s"},
      {"utilization, router", "utilization.router", ""},
  };
  // The roles' summarized signals (their utilization), before the router's.
  std::size_t at = rows.size() - 1;
  for (const RoleSignals& r : roles)
    for (const SignalDecl& d : r.signals)
      if (d.summary == SignalSummary::MeasuredMean) {
        std::string label(d.summary_field);
        if (const auto dot = label.find('.'); dot != std::string::npos) label.replace(dot, 1, ", ");
        rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(at++), Row{label, std::string(d.summary_field), ""});
      }
  rows.insert(rows.end(), {
      {"blocks committed", "chain.blocks", ""},
      {"fees paid", "economy.totals.fees_opg", "OPG"},
      {"staking rewards paid", "economy.totals.rewards_opg", "OPG"},
      {"stake slashed", "economy.totals.slashed_opg", "OPG"},
      {"burned", "economy.totals.burned_opg", "OPG"},
      {"operators active at the end", "economy.end.operators_active", ""},
      {"active users at the end", "economy.end.active_users", ""},
      {"token price at the end", "economy.end.token_price_usd", "USD"},
  });
  std::string h = quantity_table_head();
  for (const Row& r : rows) {
    const auto v = json_number(s, r.path);
    if (!v) continue;
    // Distributions with no sample report 0: leave out the optional ones then.
    const std::string p = r.path;
    const auto dot = p.find('.');
    if (dot != std::string::npos && (p.rfind("finality_s", 0) == 0 || p.rfind("freshness_s", 0) == 0 ||
                                     p.rfind("ttft_s", 0) == 0)) {
      const auto count = json_number(s, p.substr(0, dot) + ".count");
      if (!count || *count == 0) continue;
    }
    h += quantity_row(r.label, *v, r.unit);
  }
  h += "</table>\n";

  std::string st;
  for (const lifecycle::StageInfo& stage : lifecycle::stage_table()) {
    const std::string name = stage.name;
    const auto count = json_number(s, "stages." + name + ".count");
    if (!count || *count == 0) continue;
    st += fmt::format("<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                      name, num(*count), num(json_number(s, "stages." + name + ".mean").value_or(kNaN)),
                      num(json_number(s, "stages." + name + ".p50").value_or(kNaN)),
                      num(json_number(s, "stages." + name + ".p99").value_or(kNaN)),
                      num(json_number(s, "stages." + name + ".max").value_or(kNaN)));
  }
  if (!st.empty()) {
    h += "<h3>Stages of the measured completed requests (s)</h3>\n<table>\n<tr><th class=\"l\">stage</th>"
         "<th>requests</th><th>mean</th><th>p50</th><th>p99</th><th>max</th></tr>\n" +
         st + "</table>\n";
  }
  if (const json* inv = s ? at_path(*s, "invariants") : nullptr; inv != nullptr && inv->is_object()) {
    std::vector<std::string> failed;
    for (const auto& [k, v] : inv->items())
      if (v.is_object() && v.contains("ok") && v["ok"] == false) failed.push_back(k);
    h += failed.empty() ? "<p>Invariant checks: all passed.</p>\n"
                        : fmt::format("<p><strong>Invariant checks failed: {}.</strong></p>\n",
                                      esc(fmt::format("{}", fmt::join(failed, ", "))));
  }
  return h;
}



Page run_page(const fs::path& dir, std::span<const RoleSignals> roles, const std::vector<std::string>& slo) {
  const auto manifest = read_json_if_present(dir / "manifest.json");
  const auto summary = read_json_if_present(dir / "summary.json");
  if (summary && summary->contains("horizon")) return horizon_run_page(dir, roles, slo);
  std::string name = json_string(manifest, "scenario_name");
  if (name.empty()) name = folder_name(dir);
  const std::string cmd = json_string(manifest, "command_line");
  const std::vector<std::string> overrides = set_overrides(cmd);

  // analyze's verdict on the folder, and where its knee is in time: the knee's index counts the
  // measured windows (warm-up to duration), as points_of_run takes them.
  std::string why_not;
  std::optional<FolderAnalysis> a;
  if (manifest)
    a = analysis_of(dir, slo, roles, why_not);
  else
    why_not = "no manifest.json in the folder";
  Marks marks;
  if (a) {
    marks.slo = a->terms;
    marks.default_slo = a->default_terms;
    if (a->knee.found) {
      const Table ts = read_csv(dir / "timeseries.csv");
      const auto t0 = ts.numbers("t_start_s"), t1 = ts.numbers("t_end_s");
      const double warmup = json_number(manifest, "scenario.warmup_s").value_or(0);
      const double duration = json_number(manifest, "scenario.duration_s").value_or(kNaN);
      std::size_t k = 0;
      for (std::size_t r = 0; r < t0.size(); ++r)
        if (t0[r] >= warmup && t1[r] <= duration && k++ == a->knee.index) {
          marks.knee_x = t0[r];
          break;
        }
      marks.knee_label = fmt::format("knee: {} ({:.4g} req/s)", a->knee.resource, a->knee.offered_rps);
    }
  }

  Page p;
  p.title = "opgsim run: " + name + overrides_title(overrides);
  p.figures.push_back(timeseries_figure(dir / "timeseries.csv", "timeseries", name + overrides_title(overrides), roles, marks));
  if (fs::is_regular_file(dir / "ledger.csv"))
    p.figures.push_back(ledger_figure(dir / "ledger.csv", name + overrides_title(overrides), marks));
  p.subtitle = fmt::format("The run in {}", esc(dir.string()));
  if (const auto seed = json_number(manifest, "seed")) p.subtitle += fmt::format(", seed {}", num(*seed));
  if (const auto end = json_number(summary, "sim_end_s")) p.subtitle += fmt::format(", {} simulated seconds", num(*end));
  p.subtitle += ".";

  std::string& b = p.body;
  if (const std::string d = json_string(manifest, "scenario.description"); !d.empty())
    b += "<p>" + inline_md(d) + "</p>\n";
  std::string analyze_cmd = "opgsim analyze " + dir.string();
  for (const std::string& t : slo) analyze_cmd += " --slo '" + t + "'";
  b += verdict_html(a, why_not, a ? run_verdict(dir, roles) : "", analyze_cmd);
  if (!cmd.empty()) b += "<h2>What was run</h2>\n<pre>" + esc(cmd) + "</pre>\n";
  if (!overrides.empty()) {
    b += "<p>Overrides of the scenario file:</p>\n<ul>\n";
    for (const std::string& o : overrides) b += "<li><code>--set " + esc(o) + "</code></li>\n";
    b += "</ul>\n";
  }
  b += "<h2>Figures</h2>\n";
  for (const Figure& f : p.figures) b += figure_html(f);
  b += "<h2>Key numbers (summary.json)</h2>\n" + summary_table_html(summary, roles);
  return p;
}

}  // namespace opgsim::analysis::report::pages
