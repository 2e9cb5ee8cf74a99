// Student t quantile, replicate estimates, and curve.csv writing and parsing (see curve.hpp).
#include "analysis/curve.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "models/common/input_error.hpp"

namespace opgsim::analysis {

namespace {

// t_{0.975, df} for df = 1..30 (mpmath, 30 digits, rounded to 12).
constexpr std::array<double, 30> kT975 = {
    12.7062047362, 4.30265272975, 3.18244630528, 2.77644510520, 2.57058183564, 2.44691185115,
    2.36462425159, 2.30600413520, 2.26215716280, 2.22813885199, 2.20098516009, 2.17881282967,
    2.16036865646, 2.14478668792, 2.13144954556, 2.11990529922, 2.10981557783, 2.10092204024,
    2.09302405441, 2.08596344727, 2.07961384473, 2.07387306790, 2.06865761042, 2.06389856163,
    2.05953855275, 2.05552943864, 2.05183051648, 2.04840714180, 2.04522964213, 2.04227245630};
constexpr double kZ975 = 1.959963984540054;  // standard normal 0.975 quantile

constexpr std::string_view kMean = "_mean";
constexpr std::string_view kCi95 = "_ci95";
constexpr std::string_view kN = "_n";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool is_metric_column(std::string_view h) {
  return ends_with(h, kMean) || ends_with(h, kCi95) || ends_with(h, kN);
}

// What curve.csv cannot hold (names are never quoted); `what` names the offending item for the message.
void check_cell_text(const std::string& s, const std::string& what) {
  if (s.empty()) throw InputError(fmt::format("curve.csv: {} is empty", what));
  if (s.find_first_of(",\r\n") != std::string::npos)
    throw InputError(fmt::format("curve.csv: {} '{}' contains a comma or line break (curve.csv has no quoting)", what, s));
}

// A parameter value's cell: as is, or quoted (RFC 4180, '"' doubled) when it holds a comma or a
// quote, as a swept JSON value does ("[0.5,0.3,0.2]"). Line breaks are refused.
std::string value_cell(const std::string& s, const std::string& what) {
  if (s.empty()) throw InputError(fmt::format("curve.csv: {} is empty", what));
  if (s.find_first_of("\r\n") != std::string::npos)
    throw InputError(fmt::format("curve.csv: {} '{}' contains a line break", what, s));
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + '"';
}

void append_number(std::string& out, double x, const std::string& what) {
  if (!std::isfinite(x)) throw InputError(fmt::format("curve.csv: {} is not a finite number ({})", what, x));
  out += fmt::format("{:.10g}", x);
}

// The cells of a line; a cell that starts with '"' is quoted (RFC 4180: "" is one quote).
std::vector<std::string> split_commas(std::string_view line) {
  std::vector<std::string> cells;
  std::size_t start = 0;
  while (true) {
    std::string cell;
    std::size_t end = start;
    if (start < line.size() && line[start] == '"') {
      end = start + 1;
      while (end < line.size()) {
        if (line[end] == '"') {
          if (end + 1 < line.size() && line[end + 1] == '"') {
            cell += '"';
            end += 2;
            continue;
          }
          ++end;
          break;
        }
        cell += line[end++];
      }
      // Whatever follows the closing quote up to the comma stays part of the cell (malformed, but kept).
      const std::size_t comma = line.find(',', end);
      cell += line.substr(end, comma == std::string_view::npos ? std::string_view::npos : comma - end);
      end = comma;
    } else {
      end = line.find(',', start);
      cell = line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    }
    cells.push_back(std::move(cell));
    if (end == std::string_view::npos) return cells;
    start = end + 1;
  }
}

class LineError {
public:
  LineError(const std::string& file, std::size_t line) : file_(file), line_(line) {}
  template <typename... Args>
  [[noreturn]] void fail(fmt::format_string<Args...> what, Args&&... args) const {
    throw InputError(fmt::format("{}:{}: {}", file_, line_, fmt::format(what, std::forward<Args>(args)...)));
  }

private:
  const std::string& file_;
  std::size_t line_;
};

double parse_double(std::string_view s, std::string_view column, bool non_negative, const LineError& at) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v) || (non_negative && v < 0))
    at.fail("{}: expected a finite number{}, got '{}'", column, non_negative ? " >= 0" : "", s);
  return v;
}

std::uint32_t parse_count(std::string_view s, std::string_view column, const LineError& at) {
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || v == 0)
    at.fail("{}: expected a positive integer (leave all three cells empty for a missing metric), got '{}'", column, s);
  return v;
}

// "a=1, b=x" for messages.
std::string describe(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i)
    out += fmt::format("{}{}={}", i ? ", " : "", names[i], values[i]);
  return out.empty() ? "(no parameters)" : out;
}

}  // namespace

double student_t_975(std::uint32_t df) {
  if (df == 0) throw std::invalid_argument("student_t_975: df must be >= 1");
  if (df <= kT975.size()) return kT975[df - 1];
  // Cornish-Fisher expansion of the t quantile in powers of 1/df (Abramowitz & Stegun 26.7.5);
  // with four terms its error is below 3e-8 from df = 31 on (2.6e-8 there, 7e-9 at 40).
  const double z = kZ975, z2 = z * z, z3 = z2 * z, z5 = z3 * z2, z7 = z5 * z2, z9 = z7 * z2;
  const double g1 = (z3 + z) / 4;
  const double g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const double g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const double g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  const double v = 1.0 / df;
  return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
}

Estimate estimate(std::span<const double> samples) {
  Estimate e;
  e.n = static_cast<std::uint32_t>(samples.size());
  if (samples.empty()) return e;
  double sum = 0;
  for (double x : samples) sum += x;
  e.mean = sum / static_cast<double>(samples.size());
  if (samples.size() < 2) return e;
  double squares = 0;  // two passes: no cancellation when the spread is small against the mean
  for (double x : samples) squares += (x - e.mean) * (x - e.mean);
  const double s = std::sqrt(squares / static_cast<double>(samples.size() - 1));
  e.ci95 = student_t_975(e.n - 1) * s / std::sqrt(static_cast<double>(samples.size()));
  return e;
}

std::string to_csv(const Curve& c) {
  std::map<std::string, std::string> columns;  // header cell -> what it belongs to, for duplicates
  auto add_column = [&](const std::string& header, const std::string& owner) {
    const auto [it, fresh] = columns.emplace(header, owner);
    if (!fresh) throw InputError(fmt::format("curve.csv: column '{}' would be written twice ({} and {})", header, it->second, owner));
  };
  if (c.param_names.empty() && c.metric_names.empty())
    throw InputError("curve.csv: a curve needs at least one parameter or metric");
  std::string out;
  for (const auto& p : c.param_names) {
    check_cell_text(p, "parameter name");
    if (is_metric_column(p))
      throw InputError(fmt::format("curve.csv: parameter name '{}' ends in _mean, _ci95 or _n, which marks metric columns", p));
    add_column(p, fmt::format("parameter '{}'", p));
    out += out.empty() ? "" : ",";
    out += p;
  }
  for (const auto& m : c.metric_names) {
    check_cell_text(m, "metric name");
    for (std::string_view suffix : {kMean, kCi95, kN}) {
      const std::string h = m + std::string(suffix);
      add_column(h, fmt::format("metric '{}'", m));
      out += out.empty() ? "" : ",";
      out += h;
    }
  }
  out += '\n';

  for (std::size_t i = 0; i < c.points.size(); ++i) {
    const CurvePoint& pt = c.points[i];
    if (pt.params.size() != c.param_names.size() || pt.metrics.size() != c.metric_names.size())
      throw std::invalid_argument(fmt::format("to_csv: point {} has {} parameters and {} metrics, expected {} and {}", i,
                                              pt.params.size(), pt.metrics.size(), c.param_names.size(),
                                              c.metric_names.size()));
    bool first = true;
    for (std::size_t k = 0; k < pt.params.size(); ++k) {
      out += first ? "" : ",";
      out += value_cell(pt.params[k], fmt::format("value of parameter '{}'", c.param_names[k]));
      first = false;
    }
    for (std::size_t k = 0; k < pt.metrics.size(); ++k) {
      const Estimate& e = pt.metrics[k];
      out += first ? "" : ",";
      first = false;
      if (e.n == 0) {
        out += ",,";
        continue;
      }
      const std::string where = fmt::format("metric '{}' at {}", c.metric_names[k], describe(c.param_names, pt.params));
      append_number(out, e.mean, where + ", mean");
      out += ',';
      append_number(out, e.ci95, where + ", ci95");
      out += fmt::format(",{}", e.n);
    }
    out += '\n';
  }
  return out;
}

Curve parse_curve_csv(const std::string& text, const std::string& file) {
  Curve curve;
  // Where each column goes: a parameter index, or a metric index (its _mean column; the next
  // two are its _ci95 and _n).
  struct Column {
    bool param;
    std::size_t index;
  };
  std::vector<Column> layout;
  std::size_t width = 0;
  std::map<std::vector<std::string>, std::size_t> seen_points;  // params -> line

  std::string_view rest = text;
  std::size_t line_no = 0;
  bool have_header = false;
  while (!rest.empty() || !have_header) {
    ++line_no;
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const LineError at(file, line_no);

    if (!have_header) {
      if (line.empty()) at.fail("bad header: expected the curve.csv header, got an empty line");
      const auto cells = split_commas(line);
      width = cells.size();
      std::map<std::string_view, std::size_t> names;  // header cell -> column (1-based)
      for (std::size_t k = 0; k < cells.size(); ++k) {
        const std::string_view h = cells[k];
        if (h.empty()) at.fail("bad header: column {} has no name", k + 1);
        if (const auto [it, fresh] = names.emplace(h, k + 1); !fresh)
          at.fail("bad header: column {} '{}' repeats column {}", k + 1, h, it->second);
        if (!is_metric_column(h)) {
          layout.push_back({true, curve.param_names.size()});
          curve.param_names.emplace_back(h);
          continue;
        }
        if (!ends_with(h, kMean)) {
          const std::string_view base = h.substr(0, h.size() - (ends_with(h, kCi95) ? kCi95 : kN).size());
          at.fail("bad header: column {} '{}' is not part of a '{}_mean,{}_ci95,{}_n' triple", k + 1, h, base, base, base);
        }
        const std::string base(h.substr(0, h.size() - kMean.size()));
        if (base.empty()) at.fail("bad header: column {} '{}' has no metric name", k + 1, h);
        if (k + 2 >= cells.size() || cells[k + 1] != base + "_ci95" || cells[k + 2] != base + "_n")
          at.fail("bad header: column {} '{}' must be followed by '{}_ci95,{}_n'", k + 1, h, base, base);
        for (std::size_t j = k + 1; j <= k + 2; ++j)
          if (const auto [it, fresh] = names.emplace(cells[j], j + 1); !fresh)
            at.fail("bad header: column {} '{}' repeats column {}", j + 1, cells[j], it->second);
        layout.push_back({false, curve.metric_names.size()});
        curve.metric_names.push_back(base);
        k += 2;
      }
      have_header = true;
      continue;
    }

    if (line.empty()) continue;  // blank lines (e.g. at the end) carry no point
    const auto cells = split_commas(line);
    if (cells.size() != width) at.fail("expected {} cells, got {}", width, cells.size());
    CurvePoint pt;
    pt.params.resize(curve.param_names.size());
    pt.metrics.resize(curve.metric_names.size());
    std::size_t k = 0;
    for (const Column& col : layout) {
      if (col.param) {
        if (cells[k].empty()) at.fail("{}: empty parameter value", curve.param_names[col.index]);
        pt.params[col.index] = std::string(cells[k]);
        k += 1;
        continue;
      }
      const std::string& m = curve.metric_names[col.index];
      const std::string_view mean = cells[k], ci = cells[k + 1], n = cells[k + 2];
      k += 3;
      if (mean.empty() && ci.empty() && n.empty()) continue;  // missing at this point
      if (mean.empty() || ci.empty() || n.empty())
        at.fail("{}: a missing metric has all three cells empty, a present one none, got '{},{},{}'", m, mean, ci, n);
      Estimate& e = pt.metrics[col.index];
      e.mean = parse_double(mean, m + "_mean", false, at);
      e.ci95 = parse_double(ci, m + "_ci95", true, at);
      e.n = parse_count(n, m + "_n", at);
    }
    if (const auto [it, fresh] = seen_points.emplace(pt.params, line_no); !fresh)
      at.fail("point {} repeats line {}", describe(curve.param_names, pt.params), it->second);
    curve.points.push_back(std::move(pt));
  }
  return curve;
}

}  // namespace opgsim::analysis
