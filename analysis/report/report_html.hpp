// The HTML of `opgsim report`: escaping, number formatting, one figure (an SVG with its PNG
// beside it) and the page around the report's body. Self-contained: inline CSS, no script.
#pragma once

#include <string>
#include <vector>

#include "analysis/report/gnuplot.hpp"

namespace opgsim::analysis::report {

struct Figure {
  std::string name;     // name.svg and name.png
  std::string script;   // in analysis/plots/
  std::vector<Var> vars;
  std::string alt;
  std::string caption;  // HTML
};

std::string esc(const std::string& s);
// Escaped text with its Markdown code spans (`x`) as <code>x</code>: scenario descriptions
// are written in Markdown.
std::string inline_md(const std::string& s);
// A number for a table ("&ndash;" when not finite), and a mean with its 95 % interval.
std::string num(double v);
std::string mean_ci(double mean, double ci);
// The last segment of a dotted path.
std::string leaf(const std::string& path);
std::string figure_html(const Figure& f);
// A table of quantities: its header row, then one row per quantity (label, value, unit).
std::string quantity_table_head();
std::string quantity_row(const std::string& label, double value, const std::string& unit);
std::string page(const std::string& title, const std::string& subtitle, const std::string& body);

}  // namespace opgsim::analysis::report
