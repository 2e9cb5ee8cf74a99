// `opgsim report` (see report.hpp).
#include "sim/cli/report.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
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

#include "models/common/input_error.hpp"
#include "sim/cli/run_files.hpp"

extern char** environ;  // NOLINT: POSIX, handed to gnuplot

namespace opgsim::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

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
  if (v != nullptr && v->is_string()) return number(v->get<std::string>());  // OPG amounts are exact decimal strings
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

// ---------------------------------------------------------------------------------------------
// gnuplot

class GnuplotFailure : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

std::string find_on_path(const std::string& program) {
  const char* env = std::getenv("PATH");
  const std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t colon = path.find(':', start);
    if (colon == std::string::npos) colon = path.size();
    const std::string dir = colon > start ? path.substr(start, colon - start) : ".";
    const fs::path candidate = fs::path(dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = colon + 1;
  }
  return "";
}

fs::path scripts_dir() {
#ifdef OPGSIM_SOURCE_DIR
  return fs::path(OPGSIM_SOURCE_DIR) / "analysis" / "plots";
#else
  return fs::path("analysis") / "plots";
#endif
}

// A gnuplot string literal: single quotes, a quote inside doubled.
std::string gp_string(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("''") : std::string(1, c);
  return q + "'";
}

struct Var {
  std::string name;
  std::string value;  // a gnuplot expression
};
Var str_var(const std::string& name, const std::string& s) { return {name, gp_string(s)}; }
Var int_var(const std::string& name, long v) { return {name, std::to_string(v)}; }

// A list of words for gnuplot's word(): each one double-quoted, so it may contain spaces.
std::string gp_words(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) {
    std::string clean;
    for (char c : w)
      if (c != '"' && c != '\'') clean += c;
    s += (s.empty() ? "\"" : " \"") + clean + "\"";
  }
  return s;
}

std::string first_error_line(const std::string& err) {
  static const std::regex located(R"(line [0-9]+:)");
  std::istringstream in(err);
  std::string line, first;
  while (std::getline(in, line)) {
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    line = line.substr(b);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (std::regex_search(line, located)) return line;
    if (first.empty()) first = line;
  }
  return first;
}

// Runs `gnuplot -e "<vars>; out='<out>'" <script>`; throws GnuplotFailure on a failure.
void run_gnuplot(const std::string& gnuplot, const std::string& script, const std::vector<Var>& vars,
                 const fs::path& out, const fs::path& scratch) {
  const fs::path script_path = scripts_dir() / script;
  if (!fs::is_regular_file(script_path))
    throw std::runtime_error(fmt::format("{}: gnuplot script not found (opgsim reads analysis/plots/ from the source "
                                         "tree it was built from)", script_path.string()));
  std::string e;
  for (const Var& v : vars) e += v.name + "=" + v.value + "; ";
  e += "out=" + gp_string(out.string());
  const std::string script_arg = script_path.string();
  std::vector<char*> argv{const_cast<char*>(gnuplot.c_str()), const_cast<char*>("-e"), e.data(),
                          const_cast<char*>(script_arg.c_str()), nullptr};
  const fs::path err_file = scratch / ".gnuplot-stderr";

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, gnuplot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(fmt::format("cannot start {}: {}", gnuplot, std::strerror(rc)));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error(fmt::format("waiting for gnuplot: {}", std::strerror(errno)));
  }
  std::string err;
  {
    std::ifstream in(err_file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    err = ss.str();
  }
  std::error_code ec;
  fs::remove(err_file, ec);
  const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!exited_ok || !fs::is_regular_file(out) || fs::file_size(out) == 0) {
    std::string why = first_error_line(err);
    if (why.empty()) {
      why = WIFSIGNALED(status) ? fmt::format("killed by signal {}", WTERMSIG(status))
            : !exited_ok        ? fmt::format("exit code {}", WEXITSTATUS(status))
                                : fmt::format("{} not written", out.filename().string());
    }
    throw GnuplotFailure(fmt::format("gnuplot failed on analysis/plots/{}: {}", script, why));
  }
}

struct Figure {
  std::string name;     // name.svg and name.png
  std::string script;   // in analysis/plots/
  std::vector<Var> vars;
  std::string alt;
  std::string caption;  // HTML
};

// ---------------------------------------------------------------------------------------------
// HTML

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "&ndash;";
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.4g}", v);
}

std::string mean_ci(double mean, double ci) {
  if (!std::isfinite(mean)) return "&ndash;";
  if (!std::isfinite(ci) || ci <= 0) return num(mean);
  return fmt::format("{} <span class=\"ci\">&plusmn;&nbsp;{:.2g}</span>", num(mean), ci);
}

std::string leaf(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f;
       max-width: 1060px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.sub { color: #555; margin-top: 0; }
pre { background: #f4f4f6; padding: 0.6em 0.8em; white-space: pre-wrap; word-break: break-all; font-size: 0.9em; }
figure { margin: 1.5em 0 2.2em 0; }
figure img { width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption { color: #333; margin-top: 0.4em; }
figcaption a { margin-left: 0.4em; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.92em; margin: 0.5em 0; }
th, td { padding: 0.28em 0.7em; border-bottom: 1px solid #e3e3e3; text-align: right; }
th { background: #f4f4f6; font-weight: 600; }
td.l, th.l { text-align: left; }
.ci { color: #777; font-size: 0.9em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dt { color: #555; } dd { margin: 0; }
footer { margin-top: 3em; color: #777; font-size: 0.85em; }
)";

std::string figure_html(const Figure& f) {
  return fmt::format("<figure>\n<img src=\"{0}.svg\" alt=\"{1}\">\n<figcaption>{2} <a href=\"{0}.png\">PNG</a> "
                     "<a href=\"{0}.svg\">SVG</a></figcaption>\n</figure>\n",
                     f.name, esc(f.alt), f.caption);
}

std::string page(const std::string& title, const std::string& subtitle, const std::string& body) {
  std::string version;
#ifdef OPGSIM_VERSION
  version = std::string(" ") + OPGSIM_VERSION;
#endif
  return fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                     "content=\"width=device-width, initial-scale=1\">\n<title>{0}</title>\n<style>{1}</style>\n"
                     "</head>\n<body>\n<h1>{0}</h1>\n<p class=\"sub\">{2}</p>\n{3}<footer>Made by <code>opgsim report</code> (opgsim{4}); "
                     "figures drawn by gnuplot with analysis/plots/*.gp.</footer>\n</body>\n</html>\n",
                     esc(title), kStyle, subtitle, body, version);
}

// ---------------------------------------------------------------------------------------------
// A run's time series (timeseries.csv) and ledger (ledger.csv)

Figure timeseries_figure(const fs::path& file, const std::string& name, const std::string& title) {
  const Table ts = read_csv(file);
  if (ts.rows.empty()) throw InputError(fmt::format("{}: no rows (only a header)", ts.file));
  for (const char* c : {"t_start_s", "t_end_s", "arrivals", "throughput_rps", "latency_p50_s", "latency_p99_s",
                        "queue_length", "in_flight", "utilization_inference"})
    ts.numbers(c);  // present and numeric
  std::vector<std::string> lost, backlog, up;
  for (const char* c : {"rejected", "timed_out", "failed", "invalid"})
    if (ts.has(c) && any_positive(ts.numbers(c))) lost.emplace_back(c);
  for (const char* c : {"verifier_backlog", "data_in_flight", "storage_in_flight", "settlement_pending"})
    if (ts.has(c) && any_positive(ts.numbers(c))) backlog.emplace_back(c);
  // A role's nodes-up count is drawn when it changes during the run (crashes, cuts, cold starts).
  for (const char* c : {"up_inference", "up_verifier", "up_data", "up_storage", "up_validator"}) {
    if (!ts.has(c)) continue;
    const std::vector<double> v = ts.numbers(c);
    if (any_positive(v) && std::any_of(v.begin(), v.end(), [&](double x) { return x != v.front(); }))
      up.emplace_back(c);
  }
  const bool logy = any_positive(ts.numbers("latency_p50_s")) || any_positive(ts.numbers("latency_p99_s"));
  const bool finality = ts.has("finality_p99_s") && any_positive(ts.numbers("finality_p99_s"));
  const bool verifier = ts.has("utilization_verifier") && any_positive(ts.numbers("utilization_verifier"));

  const std::vector<double> t0 = ts.numbers("t_start_s"), t1 = ts.numbers("t_end_s");
  const double window = t1.front() - t0.front();
  std::vector<std::string> panels{
      std::string("offered load and throughput") + (lost.empty() ? "" : " with the requests lost"),
      std::string("latency p50 and p99 of the requests completed in the window") +
          (finality ? " (and finality p99)" : ""),
      "waiting requests and utilization"};
  if (!backlog.empty()) panels.emplace_back("the work waiting at the other roles");
  if (!up.empty()) panels.emplace_back("the nodes up per role");
  std::string list;
  for (std::size_t i = 0; i < panels.size(); ++i)
    list += (i == 0 ? "" : i + 1 == panels.size() ? "; and " : "; ") + panels[i];
  const std::string caption = fmt::format("Over simulated time, per {} s window: {}.", num(window), list);
  Figure f{name, "run-timeseries.gp",
           {str_var("in", fs::absolute(file).string()), str_var("title", title), str_var("lost", gp_words(lost)),
            int_var("logy", logy), int_var("finality", finality), int_var("verifier", verifier),
            str_var("backlog", gp_words(backlog)), str_var("up", gp_words(up))},
           "Time series: " + title, caption};
  return f;
}

Figure ledger_figure(const fs::path& file, const std::string& title) {
  const Table led = read_csv(file);
  if (led.rows.empty()) throw InputError(fmt::format("{}: no rows (only a header)", led.file));
  for (const char* c : {"t_end_s", "token_price_usd", "fees_opg", "rewards_opg", "slashed_opg", "burned_opg",
                        "operators_active", "operators_joining", "active_users"})
    led.numbers(c);
  const bool users = any_positive(led.numbers("active_users"));
  const std::vector<double> t = led.numbers("t_end_s");
  return Figure{"ledger",
                "run-ledger.gp",
                {str_var("in", fs::absolute(file).string()), str_var("title", title), int_var("users", users)},
                "Economy: " + title,
                fmt::format("The token economy per epoch (epoch ends at {} s, {} s, ...): fees paid, rewards minted, "
                            "stake slashed and tokens burned in each epoch; operators in the network{}; the token "
                            "price.",
                            num(t.front()), t.size() > 1 ? num(t[1]) : "…",
                            users ? " and active users" : "")};
}

std::string summary_table_html(const std::optional<json>& s) {
  if (!s) return "<p>No summary.json in the folder.</p>\n";
  struct Row {
    const char* label;
    const char* path;
    const char* unit;
  };
  static const std::vector<Row> rows{
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
      {"utilization, inference", "utilization.inference", ""},
      {"utilization, router", "utilization.router", ""},
      {"utilization, verifiers", "utilization.verifier", ""},
      {"blocks committed", "chain.blocks", ""},
      {"fees paid", "economy.totals.fees_opg", "OPG"},
      {"rewards minted", "economy.totals.rewards_opg", "OPG"},
      {"stake slashed", "economy.totals.slashed_opg", "OPG"},
      {"burned", "economy.totals.burned_opg", "OPG"},
      {"operators active at the end", "economy.end.operators_active", ""},
      {"active users at the end", "economy.end.active_users", ""},
      {"token price at the end", "economy.end.token_price_usd", "USD"},
  };
  std::string h = "<table>\n<tr><th class=\"l\">quantity</th><th>value</th><th class=\"l\">unit</th></tr>\n";
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
    h += fmt::format("<tr><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td></tr>\n", r.label, num(*v), r.unit);
  }
  h += "</table>\n";

  static const std::vector<std::string> stages{"route",   "data",    "queue",  "inference", "proof",
                                               "respond", "storage", "verify", "settle"};
  std::string st;
  for (const std::string& name : stages) {
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

// The folder's own name, also when given with a trailing slash.
std::string folder_name(const fs::path& dir) {
  const fs::path p = fs::absolute(dir).lexically_normal();
  return p.has_filename() ? p.filename().string() : p.parent_path().filename().string();
}

struct Page {
  std::string title, subtitle, body;
  std::vector<Figure> figures;
  std::vector<std::pair<std::string, std::string>> files;  // extra files for the report folder
};

Page run_page(const fs::path& dir) {
  const auto manifest = read_json_if_present(dir / "manifest.json");
  const auto summary = read_json_if_present(dir / "summary.json");
  std::string name = json_string(manifest, "scenario_name");
  if (name.empty()) name = folder_name(dir);
  Page p;
  p.title = "opgsim run: " + name;
  p.figures.push_back(timeseries_figure(dir / "timeseries.csv", "timeseries", name));
  if (fs::is_regular_file(dir / "ledger.csv")) p.figures.push_back(ledger_figure(dir / "ledger.csv", name));
  p.subtitle = fmt::format("The run in {}", esc(dir.string()));
  if (const auto seed = json_number(manifest, "seed")) p.subtitle += fmt::format(", seed {}", num(*seed));
  if (const auto end = json_number(summary, "sim_end_s")) p.subtitle += fmt::format(", {} simulated seconds", num(*end));
  p.subtitle += ".";

  std::string& b = p.body;
  if (const std::string d = json_string(manifest, "scenario.description"); !d.empty())
    b += "<p>" + esc(d) + "</p>\n";
  if (const std::string cmd = json_string(manifest, "command_line"); !cmd.empty())
    b += "<h2>What was run</h2>\n<pre>" + esc(cmd) + "</pre>\n";
  b += "<h2>Figures</h2>\n";
  for (const Figure& f : p.figures) b += figure_html(f);
  b += "<h2>Key numbers (summary.json)</h2>\n" + summary_table_html(summary);
  return p;
}

// ---------------------------------------------------------------------------------------------
// A sweep (curve.csv)

struct Curve {
  Table t;
  std::vector<std::string> params;   // the leading columns
  std::vector<std::string> metrics;  // m of the m_mean, m_ci95, m_n triples
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Curve read_curve(const fs::path& file) {
  Curve c{read_csv(file), {}, {}};
  const auto& h = c.t.header;
  std::size_t i = 0;
  auto triple_at = [&](std::size_t k) {
    if (k + 2 >= h.size() || !ends_with(h[k], "_mean")) return false;
    const std::string m = h[k].substr(0, h[k].size() - 5);
    return h[k + 1] == m + "_ci95" && h[k + 2] == m + "_n";
  };
  while (i < h.size() && !triple_at(i)) ++i;
  if (i == h.size())
    throw InputError(fmt::format("{}: no metric columns (m_mean, m_ci95, m_n): not a curve.csv of opgsim sweep",
                                 c.t.file));
  c.params.assign(h.begin(), h.begin() + static_cast<std::ptrdiff_t>(i));
  for (; i < h.size(); i += 3) {
    if (!triple_at(i))
      throw InputError(fmt::format("{}: column {} ({}): expected the columns m_mean, m_ci95, m_n of a metric",
                                   c.t.file, i + 1, h[i]));
    c.metrics.push_back(h[i].substr(0, h[i].size() - 5));
  }
  if (c.t.rows.empty()) throw InputError(fmt::format("{}: no points (only a header)", c.t.file));
  for (const char* m : {"throughput_rps", "latency_s.p50", "latency_s.p99"})
    if (!c.t.has(std::string(m) + "_mean")) throw InputError(fmt::format("{}: no column {}_mean", c.t.file, m));
  for (const std::string& m : c.metrics) {
    c.t.numbers(m + "_mean");
    c.t.numbers(m + "_ci95");
    c.t.numbers(m + "_n");
  }
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

Page sweep_page(const fs::path& dir, const fs::path& plot_file) {
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
  if (has("offered_rps")) {
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
  p.title = "opgsim sweep: " + name;
  p.files.emplace_back("curve-plot.csv", plot);
  const std::string plot_in = fs::absolute(plot_file).string();
  const std::string titles = gp_words(series_titles);
  const std::string by = nseries > 1 ? " (one line per value of the other parameters)" : "";

  Figure thr{"throughput",
             "sweep-throughput.gp",
             {str_var("in", plot_in), str_var("title", name + ": throughput"), str_var("xlabel", xlabel),
              int_var("diag", diag), int_var("nseries", nseries), str_var("titles", titles)},
             "Throughput against offered load",
             "Throughput (requests completed per second of the measured span) against " +
                 std::string(x_is_offered ? "the offered load" : esc(xlabel)) +
                 ", mean over the replications with 95 % confidence intervals" + by +
                 (diag ? "; below the dashed line y = x, requests were lost (rejected, timed out, failed or invalid)."
                       : ".")};
  p.figures.push_back(thr);

  bool logy = true, any = false;
  for (const char* m : {"latency_s.p50", "latency_s.p99"})
    for (double v : means[m])
      if (std::isfinite(v)) {
        any = true;
        logy = logy && v > 0;
      }
  logy = logy && any;
  p.figures.push_back(Figure{
      "latency",
      "sweep-latency.gp",
      {str_var("in", plot_in), str_var("title", name + ": latency"), str_var("xlabel", xlabel),
       int_var("nseries", nseries), str_var("titles", titles), int_var("logy", logy)},
      "Latency p50 and p99 against offered load",
      "User-seen latency (result received − submission), p50 and p99 of the measured completed requests, mean over "
      "the replications with 95 % confidence intervals" +
          by + (logy ? ", on a log scale." : ".")});

  std::vector<std::string> fg, bg;
  for (const char* s : {"route", "data", "queue", "inference", "proof", "respond"})
    if (has(std::string("stages.") + s + ".mean") && any_positive(means[std::string("stages.") + s + ".mean"]))
      fg.emplace_back(s);
  for (const char* s : {"storage", "verify", "settle"})
    if (has(std::string("stages.") + s + ".mean") && any_positive(means[std::string("stages.") + s + ".mean"]))
      bg.emplace_back(s);
  if (!fg.empty()) {
    p.figures.push_back(Figure{
        "stages",
        "sweep-stages.gp",
        {str_var("in", plot_in), str_var("title", name + ": where the time goes"),
         str_var("xlabel", x_is_offered ? "offered load (requests / s)" : c.params[0]), str_var("fg", gp_words(fg)),
         str_var("bg", gp_words(bg))},
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
                                  name + ": one run (" + example_desc + ")");
    ts.caption = "One run of the last point (" + esc(example_desc) + ", replication 0) over time. " + ts.caption;
    p.figures.push_back(ts);
  }

  p.subtitle = fmt::format("The sweep in {}: {} point{}", esc(dir.string()), n, n == 1 ? "" : "s");
  if (const auto r = json_number(sweep, "replications")) p.subtitle += fmt::format(", {} replication{} each", num(*r), *r == 1 ? "" : "s");
  p.subtitle += ".";

  std::string& b = p.body;
  if (const std::string d = json_string(first_manifest, "scenario.description"); !d.empty())
    b += "<p>" + esc(d) + "</p>\n";
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

}  // namespace

int report(const std::string& dir_arg, std::ostream& out) {
  const fs::path dir = fs::path(dir_arg);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw InputError(fmt::format("{}: no such folder", dir_arg));
  if (!fs::is_directory(dir, ec))
    throw InputError(fmt::format("{}: not a folder (give a sweep folder or a run folder)", dir_arg));
  const bool is_sweep = fs::is_regular_file(dir / "curve.csv");
  if (!is_sweep && !fs::is_regular_file(dir / "timeseries.csv"))
    throw InputError(fmt::format("{}: neither curve.csv (a sweep folder) nor timeseries.csv (a run folder) in it",
                                 dir_arg));

  const fs::path final_dir = dir / "report";
  const fs::path staging = dir / fmt::format(".report.tmp-{}", ::getpid());
  const fs::path old = dir / fmt::format(".report.old-{}", ::getpid());
  Page p = is_sweep ? sweep_page(dir, staging / "curve-plot.csv") : run_page(dir);

  const std::string gnuplot = find_on_path("gnuplot");
  if (gnuplot.empty()) throw InputError("gnuplot not found: install gnuplot-nox (bash setup.sh installs it)");

  fs::remove_all(staging);
  fs::create_directories(staging);
  try {
    for (const auto& [name, contents] : p.files) {
      std::ofstream f(staging / name, std::ios::binary);
      f << contents;
      f.close();
      if (!f) throw std::runtime_error(fmt::format("{}: cannot write file", (staging / name).string()));
    }
    for (const Figure& f : p.figures) {
      for (const char* ext : {".svg", ".png"})
        run_gnuplot(gnuplot, f.script, f.vars, fs::absolute(staging / (f.name + ext)), staging);
    }
    {
      std::ofstream f(staging / "index.html", std::ios::binary);
      f << page(p.title, p.subtitle, p.body);
      f.close();
      if (!f) throw std::runtime_error(fmt::format("{}: cannot write file", (staging / "index.html").string()));
    }
    fs::remove_all(old);
    if (fs::exists(final_dir)) fs::rename(final_dir, old);
    fs::rename(staging, final_dir);
    fs::remove_all(old);
  } catch (const GnuplotFailure& e) {
    fs::remove_all(staging, ec);
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  out << fmt::format("wrote {} ({} figure{}, SVG and PNG)\n", (final_dir / "index.html").string(), p.figures.size(),
                     p.figures.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace opgsim::cli
