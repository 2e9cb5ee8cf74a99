// The report's HTML (see report_html.hpp).
#include "analysis/report/report_html.hpp"

#include <cmath>

#include <fmt/format.h>

namespace opgsim::analysis::report {

namespace {
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
.verdict { font-size: 1.08em; background: #fff7e6; border-left: 4px solid #d62728; padding: 0.5em 0.8em; }
code { background: #f4f4f6; padding: 0 0.2em; border-radius: 3px; }
footer { margin-top: 3em; color: #777; font-size: 0.85em; }
)";
}  // namespace

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

std::string inline_md(const std::string& s) {
  std::string o;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t open = s.find('`', i);
    const std::size_t close = open == std::string::npos ? std::string::npos : s.find('`', open + 1);
    if (close == std::string::npos) {
      o += esc(s.substr(i));
      break;
    }
    o += esc(s.substr(i, open - i)) + "<code>" + esc(s.substr(open + 1, close - open - 1)) + "</code>";
    i = close + 1;
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


std::string quantity_table_head() {
  return "<table>\n<tr><th class=\"l\">quantity</th><th>value</th><th class=\"l\">unit</th></tr>\n";
}

std::string quantity_row(const std::string& label, double value, const std::string& unit) {
  return fmt::format("<tr><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td></tr>\n", label, num(value), unit);
}

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

}  // namespace opgsim::analysis::report
